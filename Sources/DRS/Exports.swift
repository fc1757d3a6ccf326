// The value types (source servers, jobs, recovery instances, filters, DRSError) live in DRSModel,
// which the domain uses without the client; DRS's importers keep seeing them.
@_exported import DRSModel
