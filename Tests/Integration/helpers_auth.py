"""Signing in to a drs-local stack: the Cognito user pool it made in moto, its seeded users, IdTokens.

drs-local prints the pool at start (`Cognito (moto)  <endpoint>  user pool <id>  app client <id>`, then
one line per seeded user: role, email, `password <password>`). Tokens come from moto's `InitiateAuth`
(USER_PASSWORD_AUTH), as the guide's `aws cognito-idp initiate-auth` gets them.
"""

import re
import threading
import time

import boto3

_POOL = re.compile(r"Cognito \(moto\)\s+(\S+)\s+user pool (\S+)\s+app client (\S+)")
_USER = re.compile(r"^\s+(admin|operator|read-only)\s+(\S+@\S+)\s+password (\S+)", re.M)


class Cognito:
    """The pool of one stack; `token(role)` signs in as the seeded user of `role` (cached ~50 min)."""

    def __init__(self, log_text):
        match = _POOL.search(log_text)
        if not match:
            raise RuntimeError("drs-local printed no Cognito user pool (started with --no-auth?):\n" + log_text)
        self.endpoint, self.pool_id, self.client_id = match.groups()
        self.users = {role: (email, password) for role, email, password in _USER.findall(log_text)}
        self.region = self.pool_id.split("_")[0]
        self._tokens = {}
        self._lock = threading.Lock()

    def client(self):
        return boto3.client(
            "cognito-idp",
            endpoint_url=self.endpoint,
            region_name=self.region,
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )

    def sign_in(self, username, password):
        """InitiateAuth USER_PASSWORD_AUTH; returns AuthenticationResult."""
        response = self.client().initiate_auth(
            ClientId=self.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": password},
        )
        return response["AuthenticationResult"]

    def token(self, role="admin"):
        with self._lock:
            cached = self._tokens.get(role)
            if cached and time.time() < cached[1]:
                return cached[0]
            email, password = self.users[role]
            result = self.sign_in(email, password)
            self._tokens[role] = (result["IdToken"], time.time() + result["ExpiresIn"] - 600)
            return result["IdToken"]

    def env(self, role="admin"):
        """What the guide's scripts read (COGNITO_CLIENT_ID, DR_USERNAME, DR_PASSWORD) and the endpoint
        override that sends their `aws cognito-idp` calls to moto."""
        email, password = self.users[role]
        return {
            "COGNITO_CLIENT_ID": self.client_id,
            "COGNITO_USER_POOL_ID": self.pool_id,
            "DR_USERNAME": email,
            "DR_PASSWORD": password,
            "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": self.endpoint,
        }


_STACKS = {}
_LOCK = threading.Lock()


def register(stack):
    """Reads the stack's pool from its log (called once the stack answers)."""
    cognito = Cognito(stack.log())
    with _LOCK:
        _STACKS[stack.api_url.rstrip("/")] = cognito
    return cognito


def cognito_for(api_url):
    with _LOCK:
        return _STACKS.get(api_url.rstrip("/"))


def bearer(api_url, role="admin"):
    """`Bearer <IdToken of role>` for the stack at `api_url`; `Bearer local` for a --no-auth stack."""
    cognito = cognito_for(api_url)
    return "Bearer " + (cognito.token(role) if cognito else "local")


def guide_python_client(stack, role="admin"):
    """The guide's Python client (`DRSOrchestrationClient`) signed in as the seeded `role` user."""
    from guide_client import DRSOrchestrationClient

    username, password = stack.cognito.users[role]
    return DRSOrchestrationClient(
        api_endpoint=stack.api_url + "/",
        cognito_client_id=stack.cognito.client_id,
        username=username,
        password=password,
    )
