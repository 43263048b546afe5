"""Search as an advisor types it: no diacritics, prefixes, compound parts, one typo, topics in any language."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.directory.records import ScheduleRecord
from app.directory.search import SearchFilters, is_open
from app.directory.store import write_records
from app.storage.directory_models import DirSchedule
from app.text import fold
from tests.directory.conftest import service


def test_missing_diacritics_still_find(ids) -> None:  # type: ignore[no-untyped-def]
    assert ids("tyollisyys")[0] == "te"
    assert ids("halsocentral")[0] == "halso"
    assert ids("елочка")[0] == "ru", "ё typed as е"
    assert "ar" in ids("الارشاد"), "alef with hamza typed as plain alef"
    assert "ar" in ids("مساعده"), "without tashkeel, teh marbuta typed as heh"


def test_prefixes_and_parts_of_compound_words(ids) -> None:  # type: ignore[no-untyped-def]
    assert ids("asumi")[0] == "asumisneuvonta"
    assert "asumisneuvonta" in ids("neuvonta"), "a part of a Finnish compound word"
    assert ids("terveysasema")[:2] and set(ids("terveysasema")[:2]) == {"malmi", "halso"}


def test_one_typo_is_forgiven(ids) -> None:  # type: ignore[no-untyped-def]
    assert "kela" in ids("kella")
    assert "te" in ids("tyolisyys")


def test_exact_name_ranks_first(ids) -> None:  # type: ignore[no-untyped-def]
    assert ids("kela")[0] == "kela"
    assert "kela-helsinki" in ids("kela")


def test_inflected_words_find_their_base_form(ids) -> None:  # type: ignore[no-untyped-def]
    assert ids("asumisneuvonnasta")[0] == "asumisneuvonta", "Finnish elative, with consonant gradation"
    assert ids("terveysasemalla")[:2] and set(ids("terveysasemalla")[:2]) == {"malmi", "halso"}
    assert ids("клубе")[0] == "ru", "Russian prepositional case"


def test_the_exact_name_ranks_first_among_many_that_share_its_words(directory) -> None:  # type: ignore[no-untyped-def]
    from app.storage.directory_models import DirService

    crowd = [
        service(f"crowd-{index}", {"fi": f"Kela kumppani {index}"}, {"fi": "Kela Kela Kela " * 5})
        for index in range(400)
    ]
    with directory.sessions() as session, session.begin():
        write_records(session, "crowd", "fi", crowd)
    hits = directory.search("Kela")
    with directory.sessions() as session:
        assert session.get(DirService, hits[0].id).source_id == "kela"


def test_topic_words_in_any_language_find_tagged_entries(ids) -> None:  # type: ignore[no-untyped-def]
    from app.codes import bundled_codebook

    housing = bundled_codebook()["topic"].value("housing")
    assert housing is not None
    for label in housing.labels.values():
        assert "asumisneuvonta" in ids(label), label


def test_text_in_the_display_language_with_fallback(directory) -> None:  # type: ignore[no-untyped-def]
    swedish = directory.search("kela", "sv")
    assert swedish[0].name == "FPA"
    assert directory.search("asumisneuvonta", "en")[0].name == "Asumisneuvonta", "only Finnish exists"
    assert directory.search("asumisneuvonta", "en")[0].organization == "Helsingin kaupunki"


def test_filters_language_topic_municipality(directory) -> None:  # type: ignore[no-untyped-def]
    served_in_somali = directory.search("", filters=SearchFilters(served_in="so"))
    assert [hit.name for hit in served_in_somali] == ["Asumisneuvonta"]
    kela_topic = {hit.name for hit in directory.search("", filters=SearchFilters(topic="kela-income"))}
    assert kela_topic == {"Kela", "Kelan palvelupiste Itäkeskus"}
    in_helsinki = {hit.name for hit in directory.search("", filters=SearchFilters(municipality="helsinki"))}
    assert in_helsinki == {"Asumisneuvonta", "Kelan palvelupiste Itäkeskus"}


def test_open_now_follows_helsinki_time() -> None:
    hours = [DirSchedule(byday="MO,TU", opens_at="09:00:00", closes_at="16:00")]
    monday_morning_in_helsinki = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)  # 09:30 in Helsinki
    assert is_open(hours, monday_morning_in_helsinki)
    assert not is_open(hours, datetime(2026, 11, 23, 6, 30, tzinfo=UTC)), "08:30 in Helsinki"
    assert not is_open(hours, datetime(2026, 11, 25, 7, 30, tzinfo=UTC)), "a Wednesday"
    assert ScheduleRecord(byday=["MO"]).byday == ["MO"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
def test_any_typed_text_is_a_valid_query(directory, text: str) -> None:  # type: ignore[no-untyped-def]
    hits = directory.search(text, "fi")
    assert len(hits) <= 20


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(["Työllisyyspalvelut", "Hälsocentral Kampen", "Asumisneuvonta", "Malmin terveysasema"]), st.data()
)
def test_a_name_is_found_from_any_folded_prefix_of_it(directory, name: str, data) -> None:  # type: ignore[no-untyped-def]
    words = fold(name).split()
    word = data.draw(st.sampled_from(words))
    prefix = word[: data.draw(st.integers(min_value=3, max_value=len(word)))]
    assert name in [hit.name for hit in directory.search(prefix, "fi")] + [
        hit.name for hit in directory.search(prefix, "sv")
    ]
