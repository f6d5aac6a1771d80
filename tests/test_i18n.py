"""The UI catalogs are complete for the current templates and code; locale choice; formats."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient
from jinja2 import DictLoader, Environment

from journeymap.errors import NotFoundError
from journeymap.web import i18n

WEB = Path(i18n.__file__).parent
NBSP = "\xa0"


def extract(directory: Path) -> Catalog:
    """What ``scripts/i18n-extract.sh`` extracts, with the same mapping, done in-process."""
    with (i18n.LOCALES_DIR / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)  # type: ignore[no-untyped-call]
    catalog = Catalog()
    for filename, lineno, message, comments, context in extract_from_dir(
        directory, method_map, options_map, keywords=DEFAULT_KEYWORDS
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments,
                    context=context)
    return catalog


def read_catalog(code: str) -> Catalog:
    path = i18n.LOCALES_DIR / code / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=code)


def translated(message: Message, num_plurals: int) -> bool:
    if isinstance(message.string, str):
        return bool(message.string.strip())
    forms = list(message.string or ())
    return len(forms) == num_plurals and all(form.strip() for form in forms)


def problems(extracted: Catalog, code: str, catalog: Catalog) -> list[str]:
    """Each extracted message missing from, fuzzy in, or untranslated in ``catalog``."""
    found: list[str] = []
    for message in extracted:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        entry = catalog.get(message.id, context=message.context)
        if entry is None:
            found.append(f"{code}: missing {key!r}")
        elif entry.fuzzy:
            found.append(f"{code}: fuzzy {key!r}")
        elif code != "en" and not translated(entry, catalog.num_plurals):
            found.append(f"{code}: untranslated {key!r}")
    return found


# -- the gate: no untranslated UI string can land ---------------------------------------------
def test_every_ui_message_is_in_every_catalog_and_translated() -> None:
    extracted = extract(WEB)
    assert extracted.get("Language") is not None  # the extraction sees this package
    missing = [p for code in i18n.LANGUAGES for p in problems(extracted, code, read_catalog(code))]
    assert not missing, (
        "run scripts/i18n-extract.sh, then translate these in the pl and bg catalogs:\n"
        + "\n".join(missing)
    )


def format_problem(message: str) -> str | None:
    """Why ``message`` breaks newstyle gettext (which always applies ``%``), if it does."""
    names = {name: "x" for name in re.findall(r"%\((\w+)\)", message)}
    try:
        message % names
    except (TypeError, ValueError, KeyError) as exc:
        return f"{message!r}: {exc} (write a literal % as %%)"
    return None


def test_template_messages_survive_newstyle_formatting() -> None:
    broken = [
        problem for message in extract(WEB) if message.id
        and any(name.endswith(".html") for name, _ in message.locations)
        for text in ([message.id] if isinstance(message.id, str) else message.id)
        if (problem := format_problem(text))
    ]
    assert broken == []
    assert format_problem("95% interval") is not None
    assert format_problem("95%% interval of %(kpi)s") is None


@pytest.mark.parametrize("code", i18n.LANGUAGES)
def test_catalog_has_no_fuzzy_entries_and_passes_babel_checks(code: str) -> None:
    catalog = read_catalog(code)
    assert [m.id for m in catalog if m.id and m.fuzzy] == []
    errors = [(m.id, [str(e) for e in errs]) for m, errs in catalog.check() if errs]
    assert errors == []


def test_plural_forms_of_the_catalogs() -> None:
    assert read_catalog("pl").num_plurals == 3
    assert read_catalog("bg").num_plurals == 2
    assert read_catalog("en").num_plurals == 2


def test_gate_reports_messages_of_templates_and_code_that_lack_translations(
    tmp_path: Path,
) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        '<h1>{{ _("Language") }}</h1>\n{% trans %}\n  A brand new\n  message\n{% endtrans %}\n'
        '{% trans n=3 %}{{ n }} card{% pluralize %}{{ n }} cards{% endtrans %}\n',
        encoding="utf-8")
    (tmp_path / "views.py").write_text(
        'from journeymap.web.i18n import N_, gettext as _\nTITLE = N_("Only in code")\n'
        'def page() -> str:\n    return _("Language")\n', encoding="utf-8")
    extracted = extract(tmp_path)
    assert sorted(str(m.id) for m in extracted if m.id) == [
        "('%(n)s card', '%(n)s cards')", "A brand new message", "Language", "Only in code"]
    assert sorted(problems(extracted, "pl", read_catalog("pl"))) == [
        "pl: missing '%(n)s card'", "pl: missing 'A brand new message'",
        "pl: missing 'Only in code'"]
    fuzzy = read_catalog("bg")
    fuzzy.add("Only in code", "Само в кода", flags=["fuzzy"])
    fuzzy.add("A brand new message", "")
    assert sorted(problems(extracted, "bg", fuzzy)) == [
        "bg: fuzzy 'Only in code'", "bg: missing '%(n)s card'",
        "bg: untranslated 'A brand new message'"]


# English term -> how Polish and Bulgarian say it (DESIGN.md section 2), as stems.
TERMS = [
    (r"\btouchpoints?\b", r"punk[tc]\w* styku", r"допирн\w* точк"),
    (r"\bpain points?\b", r"punk[tc]\w* bólu", r"болезнен\w* точк"),
    (r"\bpersonas?\b", r"\bperson", r"персон"),
    (r"\bjourney maps?\b", r"\bmap\w* podróży", r"карт\w* на пътуването"),
    (r"\bjourneys?\b(?! maps?)", r"ścieżk", r"пътуван"),
    (r"\bstages?\b", r"\betap", r"етап"),
]


@pytest.mark.parametrize("code", ["pl", "bg"])
def test_field_terms_are_translated_the_same_way_everywhere(code: str) -> None:
    column = 1 if code == "pl" else 2
    wrong = []
    for message in read_catalog(code):
        sources = [message.id] if isinstance(message.id, str) else list(message.id)
        string = message.string
        targets = [string] if isinstance(string, str) else list(string or ())
        for term in TERMS:
            if any(re.search(term[0], s, re.IGNORECASE) for s in sources) and not all(
                re.search(term[column], t, re.IGNORECASE) for t in targets
            ):
                wrong.append((sources[0], targets[0]))
    assert wrong == []


def test_plural_translations_follow_the_language_rules(tmp_path: Path) -> None:
    folder = tmp_path / "pl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: pl\\n"\n"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : '
        'n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
        'msgid "%(n)s card"\nmsgid_plural "%(n)s cards"\nmsgstr[0] "%(n)s karta"\n'
        'msgstr[1] "%(n)s karty"\nmsgstr[2] "%(n)s kart"\n\n'
        '#, fuzzy\nmsgid "Draft"\nmsgstr "Szkic"\n', encoding="utf-8")
    loaded = i18n.load_translations(tmp_path, "pl")
    forms = [loaded.ngettext("%(n)s card", "%(n)s cards", n) for n in (1, 2, 5, 12, 22, 25)]
    assert forms == ["%(n)s karta", "%(n)s karty", "%(n)s kart", "%(n)s kart", "%(n)s karty",
                     "%(n)s kart"]
    assert loaded.gettext("Draft") == "Draft"  # fuzzy entries are never shown


def test_python_gettext_follows_the_current_locale() -> None:
    assert i18n.gettext("Language") == "Language"
    with i18n.use_locale("pl"):
        assert i18n.gettext(i18n.LANGUAGE_LABEL) == "Język"
        with i18n.use_locale("bg"):
            assert i18n.gettext("Language") == "Език"
        assert i18n.current_locale() == "pl"
    assert i18n.current_locale() == "en"
    with pytest.raises(NotFoundError, match="language 'de' not found"):
        with i18n.use_locale("de"):
            pass


# -- choosing the locale ----------------------------------------------------------------------
def test_parse_accept_language_orders_by_quality_then_position() -> None:
    header = "de-DE;q=0.9, pl-PL, bg;q=0.9, en;q=0.1, fr;q=0, it;q=bad, *;q=0.5"
    assert i18n.parse_accept_language(header) == ["pl-pl", "de-de", "bg", "*", "en"]
    assert i18n.parse_accept_language("") == []


@pytest.mark.parametrize(("cookie", "accept", "workspace", "expected"), [
    ("bg", "pl-PL,pl;q=0.9", "en", "bg"),        # the explicit choice wins
    ("xx", "pl-PL,pl;q=0.9", "bg", "pl"),        # an unknown cookie is ignored
    (None, "de-DE,de;q=0.9,bg;q=0.8,en;q=0.5", "pl", "bg"),
    (None, "en;q=0.3, pl;q=0.7", "bg", "pl"),
    (None, "pl;q=0, de", "bg", "bg"),            # q=0 means "not this one"
    (None, "*", "pl", "pl"),
    (None, None, "bg", "bg"),
    (None, None, "pl_PL", "pl"),
    (None, "fr", "de", "en"),
    (None, None, None, "en"),
])
def test_choose_locale(cookie: str | None, accept: str | None, workspace: str | None,
                       expected: str) -> None:
    assert i18n.choose_locale(cookie, accept, workspace) == expected


def test_workspace_language_callable_is_called_only_when_it_decides() -> None:
    calls: list[int] = []

    def workspace_language() -> str:
        calls.append(1)
        return "bg"

    assert i18n.choose_locale("pl", None, workspace_language) == "pl"
    assert i18n.choose_locale(None, "pl", workspace_language) == "pl"
    assert calls == []
    assert i18n.choose_locale(None, "fr", workspace_language) == "bg"
    assert calls == [1]


PAGE = ('<html lang="{{ current_locale() }}">{{ _("Language") }}|{{ 1234.5|number }}|'
        '{{ share|percent(1) }}|{{ day|date("long") }}|{{ none|number }}</html>')


@pytest.fixture
def client() -> TestClient:
    env = Environment(autoescape=True, loader=DictLoader({"page.html": PAGE}))
    i18n.install(env)
    app = FastAPI()
    app.add_middleware(i18n.LocaleMiddleware, workspace_language=lambda: "bg")
    app.include_router(i18n.router)

    @app.get("/{anything:path}")
    def page(request: Request) -> HTMLResponse:
        context = {"share": 0.4567, "day": date(2026, 11, 2), "none": None}
        return HTMLResponse(env.get_template("page.html").render(**context))

    return TestClient(app)


def test_page_is_rendered_in_the_chosen_locale(client: TestClient) -> None:
    answer = client.get("/", headers={"Accept-Language": "pl-PL,pl;q=0.9"})
    assert answer.text == f'<html lang="pl">Język|1{NBSP}234,5|45,7%|2 listopada 2026|—</html>'
    assert answer.headers["content-language"] == "pl"
    assert answer.headers["vary"] == "Accept-Language, Cookie"
    answer = client.get("/", headers={"Accept-Language": "en-GB"})
    assert answer.text == '<html lang="en">Language|1,234.5|45.7%|November 2, 2026|—</html>'
    answer = client.get("/")  # no preference: the workspace's language
    assert answer.text == (
        f'<html lang="bg">Език|1{NBSP}234,5|45,7%|2 ноември 2026\u202fг.|—</html>')


def test_switching_language_sets_the_cookie_and_goes_back(client: TestClient) -> None:
    answer = client.get("/lang/pl", headers={"Referer": "http://testserver/maps/m1?v=2"},
                        follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/maps/m1?v=2"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("jm_lang=pl;")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Max-Age=31536000" in cookie
    page = client.get("/maps/m1", headers={"Accept-Language": "bg"})
    assert page.text.startswith('<html lang="pl">Język|')


@pytest.mark.parametrize(("query", "referer", "location"), [
    ("?next=/maps/m1", "http://testserver/other", "/maps/m1"),
    ("", "https://evil.example/steal", "/"),
    ("?next=https://evil.example/", None, "/"),
    ("?next=//evil.example/x", None, "/"),
    ("?next=/%5Cevil.example/x", None, "/"),
    ("?next=/%09/evil.example/x", None, "/"),
    ("", None, "/"),
])
def test_switching_language_never_redirects_off_site(
    client: TestClient, query: str, referer: str | None, location: str
) -> None:
    headers = {"Referer": referer} if referer else {}
    answer = client.get(f"/lang/bg{query}", headers=headers, follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, location)


def test_switching_to_an_unknown_language_is_not_found(client: TestClient) -> None:
    with pytest.raises(NotFoundError, match="language 'de' not found in en, pl, bg"):
        client.get("/lang/de", follow_redirects=False)


# -- formatting -------------------------------------------------------------------------------
@pytest.mark.parametrize(("code", "number", "big", "fixed", "percent"), [
    ("en", "1,234.5", "1,234,567.25", "1,234.50", "46%"),
    ("pl", f"1{NBSP}234,5", f"1{NBSP}234{NBSP}567,25", f"1{NBSP}234,50", "46%"),
    ("bg", f"1{NBSP}234,5", f"1{NBSP}234{NBSP}567,25", f"1{NBSP}234,50", "46%"),
])
def test_numbers_are_formatted_for_the_locale(
    code: str, number: str, big: str, fixed: str, percent: str
) -> None:
    assert i18n.format_number(1234.5, locale=code) == number
    assert i18n.format_number(Decimal("1234567.25"), locale=code) == big
    assert i18n.format_number(1234.5, 2, locale=code) == fixed
    assert i18n.format_percent(0.4567, locale=code) == percent
    with i18n.use_locale(code):
        assert i18n.format_number(1234.5) == number


def test_missing_values_show_a_dash() -> None:
    assert [i18n.format_number(None), i18n.format_percent(None), i18n.format_date(None),
            i18n.format_datetime(None), i18n.format_duration(None)] == ["—"] * 5


@pytest.mark.parametrize(("code", "medium", "long", "moment", "duration"), [
    ("en", "Nov 2, 2026", "November 2, 2026", "Nov 2, 2026, 9:30:00\u202fAM", "2 hours"),
    ("pl", "2 lis 2026", "2 listopada 2026", "2 lis 2026, 09:30:00", "2 godziny"),
    ("bg", "2.11.2026\u202fг.", "2 ноември 2026\u202fг.", "2.11.2026\u202fг., 9:30:00",
     "2 часа"),
])
def test_dates_and_durations_are_formatted_for_the_locale(
    code: str, medium: str, long: str, moment: str, duration: str
) -> None:
    at = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    assert i18n.format_date(date(2026, 11, 2), locale=code) == medium
    assert i18n.format_date(at, "long", locale=code) == long
    assert i18n.format_datetime(at, locale=code) == moment
    assert i18n.format_duration(5400, locale=code) == duration
    assert i18n.format_duration(timedelta(minutes=90), locale=code) == duration


def test_datetimes_are_shown_in_utc_unless_a_zone_is_given() -> None:
    at = datetime(2026, 11, 2, 23, 30, tzinfo=timezone(timedelta(hours=-2)))
    assert i18n.format_datetime(at, "short", locale="pl") == "3.11.2026, 01:30"
    warsaw = timezone(timedelta(hours=1))
    assert i18n.format_datetime(at, "short", tz=warsaw, locale="pl") == "3.11.2026, 02:30"
