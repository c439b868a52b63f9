"""The prose editor under the admin's Content-Security-Policy: its own styles come from a file,
so the browser blocks nothing and spaces are typed as spaces."""

import pytest

from articles.tests.factories import make_member

from .conftest import login_to_admin

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pw-for-tests"


def test_the_editor_styles_pass_the_csp_and_spaces_stay_spaces(live_server, page):
    make_member("asha", "Reporter")
    violations = []
    page.expose_function("reportViolation", lambda text: violations.append(text))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', (event) => window.reportViolation("
        "`${event.violatedDirective} from ${event.sourceFile}:${event.lineNumber}`));"
    )
    login_to_admin(page, live_server, "asha", PASSWORD)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type("Rain  in two spaces and more   here")

    assert editor.evaluate("node => getComputedStyle(node).whiteSpace") in {
        "pre-wrap",
        "break-spaces",
    }
    saved = page.locator("textarea#id_body").input_value()
    assert "&nbsp;" not in saved
    assert "Rain  in two spaces and more   here" in saved
    assert violations == []
    assert not [error for error in page.console_errors if "Content Security Policy" in error]
