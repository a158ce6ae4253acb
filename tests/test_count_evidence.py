"""What a recounted count's tip quotes: the passages of exactly the patients counted (and the stated absences
of the others), each passage once, no history carried into the course, and never the sentence that states the
published count as support (only under the label 'published')."""

from __future__ import annotations

import pandas as pd
import pytest

import emcart
from emcart.audit import case_recounts, recount
from emcart.datapackage.provenance import normalise
from emcart.model import outcomes
from emcart.presentation import count_evidence, evidence, outcome_counts, outcome_marks, recomputations, recounts
from emcart.reports import synthesis


@pytest.fixture(scope="module")
def data():
    return emcart.load(check_sources=False)


def _snippet(data, key: str) -> str:
    table, row_id, field = key.split(evidence.SEPARATOR)
    prov = data["provenance"]
    hit = prov[(prov["table"] == table) & (prov["row_id"] == row_id) & (prov["field"] == field)]
    return normalise(hit["snippet"].iloc[0])


def _statements(data) -> set[str]:
    prov = data["provenance"]
    return set(map(normalise, prov.loc[prov["table"] == evidence.STATISTIC, "snippet"]))


def _row(data, key: str) -> pd.Series:
    table, row_id, _ = key.split(evidence.SEPARATOR)
    return data[table].set_index(data.key(table)).loc[row_id]


def assert_quotes_the_count(data, mark, members, cases) -> None:
    """Each input a counted patient's event after day 0, or a stated absence of another member; each passage
    once; none the sentence of a published statistic."""
    # a count of none whose absences only a published sentence states quotes that sentence as such, apart
    quoted_apart = not cases and mark.words and mark.words[0].startswith(outcome_marks.STATED_WITH_A_COUNT)
    assert mark.inputs or quoted_apart, "a recount quotes the cases it counts"
    snippets = [_snippet(data, k) for k in mark.inputs]
    for key, snippet in zip(mark.inputs, snippets):
        table = key.split(evidence.SEPARATOR)[0]
        row = _row(data, key)
        assert table in ("events", "absences"), key
        if table == "events":
            assert row["patient_id"] in cases, f"{key}: not a counted patient"
            assert not bool(row["history"]), f"{key}: a history event before the course's day 0"
        else:
            assert row["patient_id"] in members and row["patient_id"] not in cases, key
        assert snippet not in _statements(data), f"{key}: the published sentence quoted as support"
        assert sum(snippet in s for s in snippets) == 1, f"{key}: its passage is quoted twice"
    assert {_row(data, k)["patient_id"] for k in mark.inputs if k.startswith("events")} == set(cases)
    assert all(w.startswith(count_evidence.PUBLISHED) or not w.startswith("Published") for w in mark.words)


def test_every_synthesis_count_from_the_narratives_quotes_its_cases(data):
    table = outcome_marks.outcomes_table(data, synthesis.OUTCOMES, "outcomes")
    own = outcome_counts.recounts(data, synthesis.OUTCOMES)
    checked = 0
    for (outcome, cohort), row in own[own["course_id"].isna()].iterrows():
        i = list(table.frame["outcome"]).index(outcome)
        mark = table.marks.iat[i, list(table.frame.columns).index(cohort)]
        counted = outcome_counts.group_count(data, row)
        members = outcomes.group(data, row["study_id"], row["group"])
        assert_quotes_the_count(data, mark, members, counted.cases)
        checked += 1
    assert checked >= 2


def test_the_car_t_arms_relapses_quote_cases_2_and_7_once_and_case_1s_remission(data):
    table = outcome_marks.outcomes_table(data, synthesis.OUTCOMES, "outcomes")
    i = list(table.frame["outcome"]).index("relapse")
    mark = table.marks.iat[i, list(table.frame.columns).index("C, CAR-T")]
    patients = [_row(data, k)["patient_id"] for k in mark.inputs]
    assert patients == ["C-2", "C-7", "C-1"]
    assert "Three patients relapsed" not in " ".join(_snippet(data, k) for k in mark.inputs)


def test_every_table_3_recount_quotes_its_cases_and_labels_the_published_row(data):
    frame = recount.selected(data, "c-table-3", recomputations.book_recomputations(data))
    table = recounts.table(data, frame, "Table 3", "c-table-3-recount")
    column = list(table.frame.columns).index("recomputed")
    checked = 0
    for i, sid in enumerate(frame["statistic"]):
        members = case_recounts.group(data, sid)
        fact = data["case_recounts"].set_index("stat_id").at[sid, "fact"]
        cases = outcomes.count(data, members, outcomes.fact(fact)).cases
        mark = table.marks.iat[i, column]
        if not count_evidence.case_inputs(data, sid):
            continue
        assert_quotes_the_count(data, mark, members, cases)
        assert mark.words[0].startswith(count_evidence.PUBLISHED)
        checked += 1
    infection = frame.index[frame["statistic"] == "C-T3-infection-cart"][0]
    assert table.marks.iat[list(frame.index).index(infection), column].inputs[0].startswith("events|C-2/")
    assert checked >= 10


def test_a_passage_contained_in_another_is_quoted_once(data):
    keys = ("events|C-7/1-relapse|event_type", "events|C-7/1-relapse|cd19_status", "events|C-7/1-relapse|site")
    assert count_evidence.passages_once(data, keys) == ("events|C-7/1-relapse|site",)


def test_the_sentence_of_a_published_statistic_is_never_an_input(data):
    assert count_evidence.quoted(data, ("events|C-2/2-relapse|cd19_status",)) == ()
