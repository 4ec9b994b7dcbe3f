"""register: web views of the member register, the voting rules and the audit log (see
governance/urls.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from intercoop.accounts.http import AuthedRequest
from intercoop.core.errors import ServiceError
from intercoop.governance import audit, audit_words
from intercoop.governance.forms.register import (
    CollegeForm,
    CollegeFormSet,
    ImportForm,
    MemberFilterForm,
    MemberForm,
    RollForm,
    RuleSetForm,
    StatusChangeForm,
)
from intercoop.governance.models import Member
from intercoop.governance.selectors import register as selectors
from intercoop.governance.services import register as services
from intercoop.organizations.decorators import org_permission
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, visible_perms
from intercoop_tools.rules import rules

MEMBERS_PER_PAGE = 50
AUDIT_PER_PAGE = 50


def _context(request: AuthedRequest, org: Organization, **values: Any) -> dict[str, Any]:
    return {"org": org, "org_perms": {p.value for p in visible_perms(request.user, org)}, **values}


def _query_without_page(request: AuthedRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_safe
@org_permission(Perm.VIEW_REGISTER)
def member_list(request: AuthedRequest, org: Organization) -> HttpResponse:
    ruleset = selectors.ruleset_of(org)
    filters = MemberFilterForm(request.GET or None, ruleset=ruleset)
    members = selectors.member_search(org, ruleset=ruleset, **filters.filters())
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    r = ruleset.to_rules()
    labels = {c.key: gettext(c.label) for c in r.categories}
    rows = [
        (m, labels.get(m.category, m.category), getattr(r.college_of(m.category), "name", ""))
        for m in page.object_list
    ]
    context = _context(
        request,
        org,
        filters=filters,
        page=page,
        rows=rows,
        counts=selectors.register_counts(org),
        query=_query_without_page(request),
    )
    return render(request, "governance/register/members.html", context)


@require_http_methods(["GET", "POST"])
@org_permission(Perm.MANAGE_REGISTER)
def member_add(request: AuthedRequest, org: Organization) -> HttpResponse:
    form = MemberForm(request.POST or None, ruleset=selectors.ruleset_of(org))
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_add(organization=org, data=form.member_data(), by=request.user)
        except ServiceError as exc:
            form.add_refusal(exc)
        else:
            messages.success(
                request, _("%(member)s was added to the register.") % {"member": member}
            )
            return redirect("governance:member_detail", slug=org.slug, member_id=member.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "governance/register/member_form.html",
        _context(request, org, form=form, member=None),
        status=status,
    )


@require_safe
@org_permission(Perm.VIEW_REGISTER)
def member_detail(request: AuthedRequest, org: Organization, member_id: int) -> HttpResponse:
    member = selectors.member_get(org, member_id)
    r = selectors.rules_of(org)
    labels = {c.key: gettext(c.label) for c in r.categories}
    context = _context(
        request,
        org,
        member=member,
        category=labels.get(member.category, member.category),
        college=getattr(r.college_of(member.category), "name", ""),
        versions=selectors.member_versions(member),
        status_changes=selectors.member_status_changes(member),
        status_form=StatusChangeForm(initial={"on": timezone.localdate()}),
    )
    return render(request, "governance/register/member_detail.html", context)


@require_http_methods(["GET", "POST"])
@org_permission(Perm.MANAGE_REGISTER)
def member_edit(request: AuthedRequest, org: Organization, member_id: int) -> HttpResponse:
    member = selectors.member_get(org, member_id)
    form = MemberForm(
        request.POST or None,
        initial=MemberForm.initial_for(member),
        ruleset=selectors.ruleset_of(org),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.member_update(
                member=member, data=form.member_data(), by=request.user
            )
        except ServiceError as exc:
            form.add_refusal(exc)
        else:
            if changed:
                messages.success(request, _("The member's details were saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("governance:member_detail", slug=org.slug, member_id=member.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "governance/register/member_form.html",
        _context(request, org, form=form, member=member),
        status=status,
    )


@require_http_methods(["GET", "POST"])
@org_permission(Perm.MANAGE_REGISTER)
def member_status(request: AuthedRequest, org: Organization, member_id: int) -> HttpResponse:
    member = selectors.member_get(org, member_id)
    form = StatusChangeForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.member_status_change(member=member, by=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_refusal(exc)
        else:
            messages.success(request, _("The status change was recorded."))
            return redirect("governance:member_detail", slug=org.slug, member_id=member.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "governance/register/member_status.html",
        _context(request, org, form=form, member=member),
        status=status,
    )


@require_safe
@org_permission(Perm.VIEW_REGISTER)
def members_export(request: AuthedRequest, org: Organization) -> HttpResponse:
    body = selectors.register_export_csv(org, by=request.user)
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    filename = f"{org.slug}-members-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@org_permission(Perm.MANAGE_REGISTER)
def members_import(request: AuthedRequest, org: Organization) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    errors: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        dry_run = request.POST.get("action") != "import"
        try:
            report = services.register_import(
                organization=org, content=form.content(), by=request.user, dry_run=dry_run
            )
        except services.ImportRefused as exc:
            errors = exc.errors
            form.add_error(None, exc.message)
        except ServiceError as exc:
            form.add_error("file", exc.message)
        else:
            if report.applied:
                messages.success(
                    request,
                    _("Imported: %(added)s added, %(changed)s changed, %(status)s status changes.")
                    % {
                        "added": len(report.added),
                        "changed": len(report.changed),
                        "status": len(report.status_changed),
                    },
                )
                return redirect("governance:members", slug=org.slug)
    # An upload over its limit is a 413, as on every route.
    status = 413 if form.has_error("file", "too_large") else 400 if form.errors else 200
    context = _context(
        request,
        org,
        form=form,
        report=report,
        errors=errors,
        columns=selectors.CSV_COLUMNS,
        required=services.REQUIRED_COLUMNS,
    )
    return render(request, "governance/register/import.html", context, status=status)


@require_safe
@org_permission(Perm.VIEW_REGISTER)
def members_roll(request: AuthedRequest, org: Organization) -> HttpResponse:
    form = RollForm(request.GET or None, initial={"record_date": timezone.localdate()})
    record_date: date = timezone.localdate()
    if form.is_bound and form.is_valid():
        record_date = form.cleaned_data["record_date"]
    roll = selectors.member_roll(org, record_date)
    r = selectors.rules_of(org)
    members: dict[Any, Member] = {m.pk: m for m in selectors.member_list(org)}
    names = {c.key: c.name for c in r.colleges}
    colleges = [
        (key, names.get(key, gettext("Every member")), len(ids))
        for key, ids in roll.by_college.items()
    ]
    ineligible = [
        (
            members[member_id],
            names.get(result.college or "", ""),
            result.problem.translated(gettext) if result.problem else "",
        )
        for member_id, result in roll.ineligible.items()
    ]
    context = _context(
        request,
        org,
        form=form,
        record_date=record_date,
        colleges=colleges,
        total=roll.total,
        ineligible=ineligible,
    )
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "governance/register/roll.html", context, status=status)


@require_safe
@org_permission(Perm.VIEW_DECISIONS)
def rules_page(request: AuthedRequest, org: Organization) -> HttpResponse:
    ruleset = selectors.ruleset_of(org)
    r = ruleset.to_rules()
    problems: list[str] = []
    try:
        rules.validate(r)
    except rules.RulesError as exc:
        problems = [p.translated(gettext) for p in exc.problems]
    context = _context(
        request,
        org,
        ruleset=ruleset,
        colleges=list(ruleset.colleges.all()),
        categories=[(c.key, gettext(c.label)) for c in r.categories],
        problems=problems,
        versions=selectors.ruleset_versions(org),
        college_versions=selectors.college_versions(org),
    )
    return render(request, "governance/register/rules.html", context)


@require_http_methods(["GET", "POST"])
@org_permission(Perm.MANAGE_RULES)
def rules_edit(request: AuthedRequest, org: Organization) -> HttpResponse:
    ruleset = selectors.ruleset_of(org)
    form = RuleSetForm(
        request.POST or None,
        instance=type(ruleset).objects.get(pk=ruleset.pk),
        initial={"categories_text": RuleSetForm.categories_initial(ruleset)},
    )
    # Initial values only for the blank page: on a POST they would make a submitted college
    # that equals a stored one look "unchanged", and an unchanged extra form is dropped.
    if request.method == "POST":
        formset = CollegeFormSet(request.POST, prefix="colleges")
    else:
        initial = [CollegeForm.initial_for(c) for c in ruleset.colleges.all()]
        formset = CollegeFormSet(initial=initial, prefix="colleges")
    refusals: list[str] = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.rules_update(
                organization=org,
                by=request.user,
                settings=form.settings(),
                categories=form.cleaned_data["categories_text"],
                colleges=formset.colleges(),
            )
        except services.RulesRefused as exc:
            refusals = exc.reasons
        except ServiceError as exc:
            refusals = [exc.message]
        else:
            messages.success(request, _("The voting rules were saved."))
            return redirect("governance:rules", slug=org.slug)
    status = 400 if request.method == "POST" else 200
    context = _context(request, org, form=form, formset=formset, refusals=refusals)
    return render(request, "governance/register/rules_edit.html", context, status=status)


@require_safe
@org_permission(Perm.VIEW_AUDIT)
def audit_log(request: AuthedRequest, org: Organization) -> HttpResponse:
    verification = audit.verify(org)
    page = Paginator(selectors.audit_entries(org), AUDIT_PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        (
            entry,
            audit_words.action_words(entry.action),
            audit_words.object_words(entry.object_type),
            audit_words.details(entry.data),
        )
        for entry in page.object_list
    ]
    context = _context(request, org, verification=verification, page=page, rows=rows, query="")
    return render(request, "governance/register/audit.html", context)


urlpatterns: list[URLPattern] = [
    path("orgs/<slug:slug>/members/", member_list, name="members"),
    path("orgs/<slug:slug>/members/add/", member_add, name="member_add"),
    path("orgs/<slug:slug>/members/export.csv", members_export, name="members_export"),
    path("orgs/<slug:slug>/members/import/", members_import, name="members_import"),
    path("orgs/<slug:slug>/members/roll/", members_roll, name="members_roll"),
    path("orgs/<slug:slug>/members/<int:member_id>/", member_detail, name="member_detail"),
    path("orgs/<slug:slug>/members/<int:member_id>/edit/", member_edit, name="member_edit"),
    path("orgs/<slug:slug>/members/<int:member_id>/status/", member_status, name="member_status"),
    path("orgs/<slug:slug>/rules/", rules_page, name="rules"),
    path("orgs/<slug:slug>/rules/edit/", rules_edit, name="rules_edit"),
    path("orgs/<slug:slug>/audit/", audit_log, name="audit"),
]
