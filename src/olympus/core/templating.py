"""Templates that tenants may write (email subjects and bodies): Jinja2 in its sandbox, with
undefined names refused, so a template can neither reach into the service's objects nor
fail silently. Templates are checked when they are stored, by rendering them with sample
values (`check_template`), never first at send time."""

from functools import cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_TEMPLATE_CHARS = 20_000


@cache
def sandbox(*, html: bool) -> ImmutableSandboxedEnvironment:
    """The environment of plain-text templates (`html=False`) or of HTML ones, where every
    value is escaped unless marked safe."""
    return ImmutableSandboxedEnvironment(
        autoescape=html, undefined=StrictUndefined, keep_trailing_newline=True
    )


def render(source: str, values: dict[str, Any], *, html: bool = False) -> str:
    """Render a template; `TemplateError` when it does not render."""
    return sandbox(html=html).from_string(source).render(values)


def check_template(source: str, sample: dict[str, Any], *, html: bool = False) -> str:
    """`source` if it renders with `sample`; else `ValueError` saying why (a 422 when it
    validates a request)."""
    if len(source) > MAX_TEMPLATE_CHARS:
        raise ValueError(f"a template may have at most {MAX_TEMPLATE_CHARS} characters")
    try:
        render(source, sample, html=html)
    except TemplateError as exc:
        raise ValueError(f"the template does not render: {exc}") from exc
    except (TypeError, ValueError, ArithmeticError, LookupError) as exc:
        raise ValueError(f"the template does not render: {type(exc).__name__}: {exc}") from exc
    return source
