"""Cost per request does not grow with what is stored (DESIGN, Data): reading a plan, starting an
execution and an engine tick make the same DynamoDB requests and read the same number of items
before and after 500 more plans (with 250 finished executions) are stored; a list page reads what
the page holds. Counts through a proxy in front of moto, not time."""

import pytest

from helpers_cost import CostStack
from helpers_executions import HEALTHY_EAST


@pytest.fixture(scope="module")
def costs(tmp_path_factory):
    stack = CostStack(tmp_path_factory.mktemp("cost"))
    yield stack
    stack.stop()


def test_a_plan_read_a_start_and_a_tick_read_as_many_items_with_500_more_plans(costs):
    group = costs.group(HEALTHY_EAST[0])
    plan = costs.plan(group)
    # One execution first, so that the start register holds one finished execution in both runs.
    template_execution, _ = costs.drill(plan)

    _, read_before = costs.call("GET", "/recovery-plans/" + plan)
    _, drill_before = costs.drill(plan, measured=True)

    seed_group = costs.group(HEALTHY_EAST[1])
    costs.seed_plans(plan, seed_group, 500)
    costs.seed_executions(template_execution, 250)
    listed, _ = costs.call("GET", "/recovery-plans", query={"limit": "1000"})
    assert listed["count"] == 501, "the seeded plans are stored as the service stores plans"

    _, read_after = costs.call("GET", "/recovery-plans/" + plan)
    _, drill_after = costs.drill(plan, measured=True)

    assert read_after.key() == read_before.key(), (read_before, read_after)
    for step in ("start", "tick", "tick in flight"):
        assert drill_after[step].key() == drill_before[step].key(), (step, drill_before[step], drill_after[step])
        assert drill_after[step].drs == drill_before[step].drs, (step, drill_before[step], drill_after[step])
    # None of them reads a whole table: a handful of items each.
    for cost in [read_after] + list(drill_after.values()):
        assert cost.items < 20, cost
        assert cost.table_scans == 0, cost


def test_a_list_page_reads_what_the_page_holds(costs):
    if costs.seeded_plans < 500:
        group = costs.group(HEALTHY_EAST[2])
        costs.seed_plans(costs.plan(group), group, 500)
    _, page = costs.call("GET", "/recovery-plans", query={"limit": "20"})
    _, groups = costs.call("GET", "/protection-groups", query={"limit": "2"})
    _, executions = costs.call("GET", "/executions", query={"limit": "20"})
    # The page and one more; the groups its plans use; the executing plans' index.
    assert page.items <= 21 + 5, page
    assert groups.items <= 3, groups
    assert executions.items <= 21, executions
    assert page.table_scans == groups.table_scans == executions.table_scans == 0, (page, groups, executions)
