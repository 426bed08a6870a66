"""Public pages for reading, downloading and comparing constitution texts."""

from __future__ import annotations

from dataclasses import replace

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from atazan.constitution import selectors
from atazan.constitution.comparison import comparison_context
from atazan_texts import model as text_model
from atazan_texts.io import dump_document

EXPORT_FORMATS = {
    "akn": ("application/akn+xml; charset=utf-8", "xml"),
    "json": ("application/json; charset=utf-8", "json"),
    "html": ("text/html; charset=utf-8", "html"),
    "pdf": ("application/pdf", "pdf"),
    "txt": ("text/plain; charset=utf-8", "txt"),
}


def _reading_language(request: HttpRequest, available: list[str]) -> str:
    wanted = request.GET.get("lang") or get_language() or "kk"
    wanted = wanted.split("-")[0]
    if wanted in available:
        return wanted
    return available[0] if available else wanted


def work_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "constitution/work_list.html",
        {"works": selectors.works_with_versions(request.user)},
    )


def read_version(request: HttpRequest, work: str, version: str, lang: str) -> HttpResponse:
    version_obj = selectors.get_version(request.user, work, version)
    languages = selectors.languages_of(version_obj)
    expression = selectors.get_expression(version_obj, lang)
    if expression is None:
        if not languages:
            raise Http404("this version has no text yet")
        return redirect(
            "constitution:read",
            work=work,
            version=version,
            lang=_reading_language(request, languages),
        )
    document = selectors.document_for(expression)
    nodes = selectors.display_tree(document)
    return render(
        request,
        "constitution/read.html",
        {
            "version": version_obj,
            "expression": expression,
            "document": document,
            "nodes": nodes,
            "languages": languages,
            "other_versions": selectors.visible_versions(request.user, version_obj.work),
            "export_formats": list(EXPORT_FORMATS),
        },
    )


def read_default(request: HttpRequest, work: str, version: str) -> HttpResponse:
    version_obj = selectors.get_version(request.user, work, version)
    lang = _reading_language(request, selectors.languages_of(version_obj))
    return redirect("constitution:read", work=work, version=version, lang=lang)


def provision_detail(
    request: HttpRequest, work: str, version: str, lang: str, eid: str
) -> HttpResponse:
    version_obj = selectors.get_version(request.user, work, version)
    expression = selectors.get_expression(version_obj, lang)
    if expression is None:
        raise Http404("no text in this language")
    document = selectors.document_for(expression)
    located = next((loc for loc in document.located() if loc.eid == eid), None)
    if located is None:
        raise Http404("no such provision")
    subtree = text_document_of(document, located.provision)
    nodes = selectors.display_tree(subtree)
    permalink = request.build_absolute_uri(
        reverse("constitution:permanent", kwargs={"work": work, "uid": located.provision.uid})
    )
    return render(
        request,
        "constitution/provision.html",
        {
            "version": version_obj,
            "expression": expression,
            "nodes": nodes,
            "eid": eid,
            "uid": located.provision.uid,
            "permalink": permalink,
            "section": located.section,
        },
    )


def text_document_of(
    document: text_model.Document, provision: text_model.Provision
) -> text_model.Document:
    """A one-provision Document, to render a single provision with the same code."""
    return replace(document, children=[provision])


def permanent_provision(request: HttpRequest, work: str, uid: str) -> HttpResponse:
    """A link that never breaks: the provision where it stands in the newest version."""
    work_obj = selectors.work_or_404(work)
    lang = (request.GET.get("lang") or get_language() or "kk").split("-")[0]
    found = selectors.latest_expression_with_uid(request.user, work_obj, uid, lang)
    if found is None:
        raise Http404("no such provision")
    expression, row = found
    return redirect(
        "constitution:provision",
        work=work,
        version=expression.version.label,
        lang=expression.language,
        eid=row.eid,
    )


def export_version(
    request: HttpRequest, work: str, version: str, lang: str, fmt: str
) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404("unknown format")
    version_obj = selectors.get_version(request.user, work, version)
    expression = selectors.get_expression(version_obj, lang)
    if expression is None:
        raise Http404("no text in this language")
    content_type, extension = EXPORT_FORMATS[fmt]
    payload = dump_document(selectors.document_for(expression), fmt)
    response = HttpResponse(payload, content_type=content_type)
    if fmt != "html":
        filename = f"{work}-{version}.{lang}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def compare_versions(request: HttpRequest, work: str) -> HttpResponse:
    work_obj = selectors.work_or_404(work)
    versions = selectors.visible_versions(request.user, work_obj)
    if len(versions) < 1:
        raise Http404("no versions")
    labels = [v.label for v in versions]
    base_label = request.GET.get("base") or labels[0]
    new_label = request.GET.get("new") or labels[-1]
    mode = request.GET.get("mode", "side")
    if mode not in ("side", "inline"):
        mode = "side"
    errors = []
    if base_label not in labels:
        errors.append(_("Base version: there is no version “%(label)s”.") % {"label": base_label})
    if new_label not in labels:
        errors.append(_("New version: there is no version “%(label)s”.") % {"label": new_label})
    context = {"work": work_obj, "versions": versions, "mode": mode, "errors": errors}
    if not errors:
        base = next(v for v in versions if v.label == base_label)
        new = next(v for v in versions if v.label == new_label)
        common = [x for x in selectors.languages_of(base) if x in selectors.languages_of(new)]
        lang = _reading_language(request, common)
        context.update({"base": base, "new": new, "languages": common, "lang": lang})
        if lang in common:
            context.update(comparison_context(base, new, lang))
        else:
            errors.append(_("The two versions have no text in a common language."))
    return render(request, "constitution/compare.html", context)
