"""How `make lighthouse` judges its runs (tests/lighthouse.py); Lighthouse is not run here."""

import pytest

from tests import lighthouse


def report(scores, tasks=(), failing=()):
    categories = {}
    audits = {
        "long-tasks": {"details": {"items": list(tasks)}},
        "cumulative-layout-shift": {"numericValue": 0.0, "score": 1},
        "first-contentful-paint": {"numericValue": 900.4, "score": 1},
    }
    for name, score in scores.items():
        categories[name] = {
            "score": score / 100,
            "auditRefs": [{"id": f"{name}-audit", "weight": 1}],
        }
        audits[f"{name}-audit"] = {"score": 0 if name in failing else 1}
    return {"categories": categories, "audits": audits, "environment": {"benchmarkIndex": 1200}}


FULL = {"performance": 97, "accessibility": 100, "best-practices": 100, "seo": 100}


def test_a_run_reports_its_scores_failed_audits_and_the_page_s_longest_task():
    run = lighthouse.figures(
        report(
            {**FULL, "accessibility": 96},
            tasks=[
                {"url": "_lighthouse-eval.js", "duration": 700, "startTime": 10},
                {"url": "http://127.0.0.1/static/js/ticker.js", "duration": 61.25, "startTime": 20},
                {"url": "Unattributable", "duration": 40, "startTime": 30},
            ],
            failing=["accessibility"],
        )
    )
    assert run["scores"] == {**FULL, "accessibility": 96}
    assert run["failed_audits"] == ["accessibility-audit"]
    # A task Lighthouse names its own script counts: its idle-callback shim runs our callbacks.
    assert [task["lighthouse_named"] for task in run["long_tasks"]] == [True, False, False]
    assert run["longest_page_task_ms"] == 700
    assert run["benchmark_index"] == 1200


def test_a_page_passes_on_the_median_of_its_runs():
    runs = [
        lighthouse.figures(report({**FULL, "performance": score}, tasks=[]))
        for score in (90, 96, 99)
    ]
    verdict, problems = lighthouse.judge("home", runs)
    assert verdict["median_scores"]["performance"] == 96
    assert problems == []


def test_a_page_fails_under_any_threshold_or_over_the_long_task_limit():
    task = {"url": "http://127.0.0.1/", "duration": 80, "startTime": 5}
    runs = [
        lighthouse.figures(report({**FULL, "performance": 94, "seo": 92}, tasks=[task]))
        for _ in range(3)
    ]
    _, problems = lighthouse.judge("article", runs)
    assert problems == [
        "article: performance 94 < 95",
        "article: seo 92 < 100",
        "article: a long task of 80 ms (median of runs) > 50",
    ]


def test_the_cpu_slowdown_is_calibrated_so_every_host_emulates_the_same_phone(monkeypatch):
    # Lighthouse's default 4x on the middle of its docs' high-end desktop bracket (1500-2000).
    assert lighthouse.slowdown_for(1750) == 4
    # A host half as fast is slowed half as much; a faster one more; never below 1, nor over 10.
    assert lighthouse.slowdown_for(875) == 2
    assert lighthouse.slowdown_for(2625) == 6
    assert lighthouse.slowdown_for(300) == 1
    assert lighthouse.slowdown_for(9000) == 10
    monkeypatch.setattr(lighthouse, "CPU_SLOWDOWN", "auto")
    assert lighthouse.fixed_slowdown() is None
    monkeypatch.setattr(lighthouse, "CPU_SLOWDOWN", "4")
    assert lighthouse.fixed_slowdown() == 4
    monkeypatch.setattr(lighthouse, "CPU_SLOWDOWN", "fast")
    with pytest.raises(SystemExit, match="LIGHTHOUSE_CPU_SLOWDOWN='fast'"):
        lighthouse.fixed_slowdown()


def test_a_run_records_the_slowdown_lighthouse_applied():
    data = report(FULL)
    data["configSettings"] = {"throttling": {"cpuSlowdownMultiplier": 1.37}}
    assert lighthouse.figures(data)["cpu_slowdown"] == 1.37
