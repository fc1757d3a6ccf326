"""The integration guide's "Complete Python Client" (drs_orchestration_client.py), as users run it.

Only the endpoint differs: `_get_token` signs in to the local stack's Cognito (moto) instead of
AWS's, by the guide's code otherwise. Everything else is the guide's code, unchanged, so the tests
prove that the scripts users already have work against this API.
"""
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Dict, List, Optional

import boto3

from helpers_auth import cognito_for


class DRSOrchestrationClient:
    def __init__(self, api_endpoint: str, cognito_client_id: str,
                 username: str, password: str, region: str = 'us-east-1'):
        self.api_endpoint = api_endpoint.rstrip('/')
        self.cognito_client_id = cognito_client_id
        self.username = username
        self.password = password
        self.region = region
        self._token = None
        self._token_expiry = 0

    def _get_token(self) -> str:
        """Get or refresh Cognito auth token"""
        if self._token and time.time() < self._token_expiry - 300:
            return self._token

        # Local stack: the stack's Cognito in moto (the one change to the guide's code).
        endpoint = cognito_for(self.api_endpoint).endpoint
        cognito = boto3.client('cognito-idp', region_name=self.region, endpoint_url=endpoint)
        response = cognito.initiate_auth(
            ClientId=self.cognito_client_id,
            AuthFlow='USER_PASSWORD_AUTH',
            AuthParameters={
                'USERNAME': self.username,
                'PASSWORD': self.password
            }
        )

        self._token = response['AuthenticationResult']['IdToken']
        self._token_expiry = time.time() + response['AuthenticationResult']['ExpiresIn']
        return self._token

    def _request(self, method: str, path: str, data: Dict = None) -> Dict:
        """Make authenticated API request"""
        url = f"{self.api_endpoint}{path}"
        headers = {
            'Authorization': f'Bearer {self._get_token()}',
            'Content-Type': 'application/json'
        }

        if data:
            req = urllib.request.Request(url, json.dumps(data).encode(), headers, method=method)
        else:
            req = urllib.request.Request(url, headers=headers, method=method)

        try:
            with urllib.request.urlopen(req) as resp:
                return json.loads(resp.read())
        except urllib.error.HTTPError as e:
            error_body = e.read().decode()
            raise Exception(f"API Error {e.code}: {error_body}")

    # Protection Groups
    def list_protection_groups(self) -> List[Dict]:
        """List all protection groups"""
        return self._request('GET', '/protection-groups').get('groups', [])

    def get_protection_group(self, group_id: str) -> Dict:
        """Get protection group by ID"""
        return self._request('GET', f'/protection-groups/{group_id}')

    def resolve_protection_group(self, group_id: str) -> Dict:
        """Resolve servers from protection group tags"""
        return self._request('POST', f'/protection-groups/{group_id}/resolve')

    # Recovery Plans
    def list_recovery_plans(self, name: str = None, name_exact: str = None,
                            tag: str = None, has_conflict: bool = None,
                            status: str = None) -> List[Dict]:
        """List recovery plans with optional filters"""
        params = []
        if name:
            params.append(f'name={urllib.parse.quote(name)}')
        if name_exact:
            params.append(f'nameExact={urllib.parse.quote(name_exact)}')
        if tag:
            params.append(f'tag={urllib.parse.quote(tag)}')
        if has_conflict is not None:
            params.append(f'hasConflict={str(has_conflict).lower()}')
        if status:
            params.append(f'status={urllib.parse.quote(status)}')

        query = '?' + '&'.join(params) if params else ''
        return self._request('GET', f'/recovery-plans{query}').get('plans', [])

    def get_recovery_plan(self, plan_id: str) -> Dict:
        """Get recovery plan by ID"""
        return self._request('GET', f'/recovery-plans/{plan_id}')

    def find_plan_by_name(self, name: str) -> Optional[Dict]:
        """Find recovery plan by exact name"""
        plans = self.list_recovery_plans(name_exact=name)
        return plans[0] if plans else None

    # Executions
    def list_executions(self, limit: int = 50) -> List[Dict]:
        """List executions"""
        return self._request('GET', f'/executions?limit={limit}').get('items', [])

    def get_execution(self, execution_id: str) -> Dict:
        """Get execution details"""
        return self._request('GET', f'/executions/{execution_id}')

    def start_execution(self, plan_id: str, execution_type: str = 'DRILL',
                        initiated_by: str = 'api-client',
                        invocation_source: str = 'API') -> Dict:
        """Start new execution"""
        return self._request('POST', '/executions', {
            'recoveryPlanId': plan_id,
            'executionType': execution_type,
            'initiatedBy': initiated_by,
            'invocationSource': invocation_source
        })

    def cancel_execution(self, execution_id: str) -> Dict:
        """Cancel running execution"""
        return self._request('POST', f'/executions/{execution_id}/cancel')

    def pause_execution(self, execution_id: str) -> Dict:
        """Pause execution"""
        return self._request('POST', f'/executions/{execution_id}/pause')

    def resume_execution(self, execution_id: str) -> Dict:
        """Resume paused execution"""
        return self._request('POST', f'/executions/{execution_id}/resume')

    def wait_for_completion(self, execution_id: str, timeout: int = 3600,
                            poll_interval: int = 30) -> Dict:
        """Wait for execution to complete"""
        start_time = time.time()
        terminal_states = {'completed', 'failed', 'cancelled'}

        while time.time() - start_time < timeout:
            execution = self.get_execution(execution_id)
            status = execution.get('status', '').lower()

            if status in terminal_states:
                return execution

            if status == 'paused':
                raise Exception(f"Execution {execution_id} is paused - manual intervention required")

            time.sleep(poll_interval)

        raise TimeoutError(f"Execution {execution_id} did not complete within {timeout} seconds")

    # DRS Operations
    def list_drs_source_servers(self, region: str) -> List[Dict]:
        """List DRS source servers in region"""
        return self._request('GET', f'/drs/source-servers?region={region}').get('servers', [])

    def get_drs_quotas(self, region: str) -> Dict:
        """Get DRS service quotas for region"""
        return self._request('GET', f'/drs/quotas?region={region}')


# The guide's CLI Integration helpers (bash), verbatim: the local stack's env() supplies
# COGNITO_CLIENT_ID, DR_USERNAME, DR_PASSWORD and the endpoint that sends `aws cognito-idp` to moto.
API_CALL = r'''
set -o pipefail
# Function to get auth token
get_token() {
  aws cognito-idp initiate-auth \
    --client-id ${COGNITO_CLIENT_ID} \
    --auth-flow USER_PASSWORD_AUTH \
    --auth-parameters USERNAME=${DR_USERNAME},PASSWORD=${DR_PASSWORD} \
    --query 'AuthenticationResult.IdToken' \
    --output text
}

# Function to make authenticated API calls
api_call() {
  local method=$1
  local endpoint=$2
  local data=$3
  local token=$(get_token)
  
  if [ -n "$data" ]; then
    curl -s -X ${method} \
      -H "Authorization: Bearer ${token}" \
      -H "Content-Type: application/json" \
      -d "${data}" \
      "${API_ENDPOINT}${endpoint}"
  else
    curl -s -X ${method} \
      -H "Authorization: Bearer ${token}" \
      "${API_ENDPOINT}${endpoint}"
  fi
}
'''
