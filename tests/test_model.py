"""The domain model validates when built and resolves references with precise paths."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from journeymap.model import (
    Card,
    Comment,
    JourneyMap,
    KpiDefinition,
    Lane,
    Location,
    MatchRule,
    Opportunity,
    Persona,
    SegmentRule,
    Stage,
    Touchpoint,
    Workspace,
    WorkspaceDocument,
    new_id,
    object_refs,
)


def small_map(**extra: object) -> JourneyMap:
    return JourneyMap.model_validate({
        "id": "m", "name": "Map",
        "stages": [{"id": "aware", "name": "Awareness"}, {"id": "buy", "name": "Purchase"}],
        "touchpoints": [{"id": "ad", "name": "Ad", "stage": "aware", "channel": "ad",
                         "rules": [{"pattern": "ad_*", "op": "glob"}]}],
        **extra,
    })


def only_error(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, object]:
    errors = exc.value.errors()
    assert len(errors) == 1
    return dict(errors[0])


class TestMatchRules:
    def test_exact_glob_regex(self) -> None:
        assert MatchRule(pattern="checkout").matches("checkout")
        assert not MatchRule(pattern="checkout").matches("checkout_start")
        assert MatchRule(op="glob", pattern="checkout_*").matches("checkout_start")
        assert MatchRule(op="regex", pattern=r"page_(home|search)").matches("page_search")
        assert not MatchRule(op="regex", pattern=r"page_(home|search)").matches("page_searchx")

    def test_channel_rules_ignore_case_of_the_event(self) -> None:
        rule = MatchRule(field="channel", pattern="web")
        assert rule.matches("WEB")
        assert not rule.matches(None)

    def test_bad_regex_is_refused_when_built(self) -> None:
        with pytest.raises(ValidationError, match="not a valid regular expression"):
            MatchRule(op="regex", pattern="page_(")

    def test_same_field_or_different_fields_and(self) -> None:
        tp = Touchpoint(id="t", name="T", stage="s", channel="web", rules=[
            MatchRule(pattern="login"), MatchRule(pattern="logout"),
            MatchRule(field="channel", pattern="web"),
        ])
        assert tp.matches("login", "web")
        assert tp.matches("logout", "web")
        assert not tp.matches("login", "app")
        assert not tp.matches("signup", "web")

    def test_touchpoint_without_rules_matches_nothing(self) -> None:
        assert not Touchpoint(id="t", name="T", stage="s", channel="web").matches("x", "web")

    def test_first_matching_touchpoint_in_map_order_wins(self) -> None:
        jmap = small_map()
        jmap.touchpoints.append(Touchpoint(id="ad2", name="Ad 2", stage="buy", channel="ad",
                                           rules=[MatchRule(pattern="ad_click")]))
        found = jmap.touchpoint_for("ad_click")
        assert found is not None and found.id == "ad"
        assert jmap.touchpoint_for("nothing") is None


class TestMapReferences:
    def test_card_on_unknown_stage_names_the_path(self) -> None:
        with pytest.raises(ValidationError) as exc:
            small_map(lanes=[{"id": "l", "kind": "thoughts",
                              "cards": [{"id": "c", "stage": "aware"},
                                        {"id": "d", "stage": "gone"}]}])
        error = only_error(exc)
        assert error["type"] == "reference"
        assert error["ctx"] == {"path": "lanes[0].cards[1].stage",
                                "message": "unknown stage 'gone'"}

    def test_duplicate_ids_are_refused(self) -> None:
        with pytest.raises(ValidationError) as exc:
            JourneyMap(id="m", name="M", stages=[Stage(id="a", name="A"), Stage(id="a", name="B")])
        assert only_error(exc)["ctx"] == {"path": "stages[1].id", "message": "duplicate id 'a'"}

    def test_card_ids_are_unique_across_lanes(self) -> None:
        with pytest.raises(ValidationError) as exc:
            small_map(lanes=[{"id": "l1", "kind": "text", "cards": [{"id": "c", "stage": "buy"}]},
                             {"id": "l2", "kind": "text", "cards": [{"id": "c", "stage": "buy"}]}])
        assert only_error(exc)["ctx"] == {"path": "cards[1].id", "message": "duplicate id 'c'"}

    def test_emotion_cards_need_a_score_in_range(self) -> None:
        with pytest.raises(ValidationError) as exc:
            Lane(id="e", kind="emotions", cards=[Card(id="c", stage="s")])
        assert only_error(exc)["ctx"]["path"] == "cards[0].score"  # type: ignore[index]
        with pytest.raises(ValidationError):
            Card(id="c", stage="s", score=2.5)
        assert Lane(id="e", kind="emotions", cards=[Card(id="c", stage="s", score=-2)]).cards

    def test_opportunity_and_action_links(self) -> None:
        with pytest.raises(ValidationError) as exc:
            small_map(opportunities=[{"id": "o", "title": "O", "pain_points": ["p"]}])
        assert only_error(exc)["ctx"] == {
            "path": "opportunities[0].pain_points[0]", "message": "unknown pain point 'p'"}

    def test_rice(self) -> None:
        opp = Opportunity(id="o", title="O", reach=1200, value=4, confidence=0.5, effort=2)
        assert opp.rice == 1200.0


class TestWorkspaceDocument:
    def test_comment_targets_and_threads(self) -> None:
        at = datetime(2026, 11, 1, 12, tzinfo=UTC)
        doc = WorkspaceDocument(
            workspace=Workspace(id="w", name="W"),
            maps=[small_map()],
            comments=[
                Comment(id="c1", target="map/m/touchpoint/ad", body="Is this paid?", created_at=at),
                Comment(id="c2", target="map/m/touchpoint/ad", parent="c1", body="Yes",
                        created_at=at, resolved=True, resolved_by="ann", resolved_at=at),
            ],
        )
        assert "map/m/stage/buy" in object_refs(doc)
        with pytest.raises(ValidationError) as exc:
            WorkspaceDocument(workspace=doc.workspace, maps=doc.maps, comments=[
                Comment(id="c1", target="map/m/stage/nope", body="?", created_at=at)])
        assert only_error(exc)["ctx"] == {
            "path": "comments[0].target",
            "message": "no object 'map/m/stage/nope' in this workspace"}

    def test_reply_must_share_the_target(self) -> None:
        at = datetime(2026, 11, 1, tzinfo=UTC)
        with pytest.raises(ValidationError, match="same object as its parent"):
            WorkspaceDocument(workspace=Workspace(id="w", name="W"), maps=[small_map()], comments=[
                Comment(id="a", target="map/m", body="x", created_at=at),
                Comment(id="b", target="workspace", parent="a", body="y", created_at=at)])

    def test_naive_comment_time_is_refused(self) -> None:
        with pytest.raises(ValidationError):
            Comment(id="a", target="workspace", body="x", created_at=datetime(2026, 1, 1))

    def test_map_persona_must_exist(self) -> None:
        with pytest.raises(ValidationError) as exc:
            WorkspaceDocument(workspace=Workspace(id="w", name="W"),
                              maps=[small_map(personas=["ola"])])
        assert only_error(exc)["ctx"] == {"path": "maps[0].personas[0]",
                                          "message": "unknown persona 'ola'"}


class TestSmallObjects:
    def test_location_needs_a_city_or_both_coordinates(self) -> None:
        assert Location(id="l", name="Shop", city="Warszawa").lat is None
        assert Location(id="l", name="Shop", lat=52.23, lon=21.01).city == ""
        with pytest.raises(ValidationError, match="city or lat/lon"):
            Location(id="l", name="Shop")
        with pytest.raises(ValidationError, match="both lat and lon"):
            Location(id="l", name="Shop", city="Sofia", lat=42.7)
        with pytest.raises(ValidationError):
            Location(id="l", name="Shop", lat=95, lon=0)

    def test_custom_kpi_needs_an_ordered_scale(self) -> None:
        with pytest.raises(ValidationError, match="scale_min and scale_max"):
            KpiDefinition(id="k", name="Ease", kind="custom")
        with pytest.raises(ValidationError, match="below scale_max"):
            KpiDefinition(id="k", name="Ease", kind="custom", scale_min=5, scale_max=1)

    def test_segment_rule_in_takes_a_list(self) -> None:
        assert SegmentRule(attribute="city", op="in", value=["Sofia", "Varna"]).value
        with pytest.raises(ValidationError, match="takes a list"):
            SegmentRule(attribute="city", op="in", value="Sofia")
        with pytest.raises(ValidationError, match="takes a list"):
            SegmentRule(attribute="age", op="ge", value=[30])

    def test_persona_initials(self) -> None:
        assert Persona(id="p", name="Ola Nowak").initials == "ON"
        assert Persona(id="p", name="Любомира").initials == "Л"

    def test_ids_follow_the_pattern(self) -> None:
        assert Stage(id=new_id("stage"), name="S").id.startswith("stage-")
        for bad in ("", "-x", "a b", "x/y", "ą"):
            with pytest.raises(ValidationError):
                Stage(id=bad, name="S")

    def test_unknown_fields_are_errors(self) -> None:
        with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
            Stage.model_validate({"id": "s", "name": "S", "colour": "red"})
