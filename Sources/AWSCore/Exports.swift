// SHA-256, UTC dates and percent-encoding live in Primitives (the domain and API use them without
// an AWS client); AWSCore's importers keep seeing them.
@_exported import Primitives
