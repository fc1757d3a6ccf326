// Orchestrator: the domain (protection groups, plans, executions, engine). Arrives with issues 4 and 5.
