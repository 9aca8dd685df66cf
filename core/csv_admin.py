"""CSV import and export pages in the admin for a directory (schools, programs, seasons):
the file is checked whole first, every bad row listed by row number (the header is row 1)
and field, and nothing is written if any row is bad; a dry run shows what an import would
create and update without writing. Export writes the importer's own columns, so an
exported file imports back unchanged.

A ModelAdmin mixes it in and names its directory's functions: `csv_columns`, `csv_read`
(lines -> rows, raising CsvFileError), `csv_save` (rows -> ImportSummary, all or nothing),
and optionally `csv_cell(instance, column)`."""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from . import csv_import

MAX_BYTES = 5 * 1024 * 1024


class CsvAdminMixin:
    csv_columns: tuple[str, ...] = ()
    change_list_template = "admin/csv_change_list.html"

    def csv_cell(self, instance, column: str) -> str:
        return csv_import.cell(getattr(instance, column))

    def get_urls(self):
        name = f"{self.model._meta.app_label}_{self.model._meta.model_name}"
        view = self.admin_site.admin_view
        return [path("import/", view(self.csv_import_view), name=f"{name}_import"),
                path("export/", view(self.csv_export_view), name=f"{name}_export"),
                *super().get_urls()]

    def csv_export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        out = io.StringIO()
        csv_import.write_rows(out, self.csv_columns, self.get_queryset(request).order_by("pk"),
                              self.csv_cell)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        name = self.model._meta.verbose_name_plural.replace(" ", "_")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response

    def csv_import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.model._meta,
                   "title": f"Import {self.model._meta.verbose_name_plural} from CSV",
                   "columns": self.csv_columns}
        upload = request.FILES.get("file")
        if request.method == "POST" and upload is not None:
            problems, summary = self._csv_import(upload, dry=bool(request.POST.get("dry_run")))
            if summary is not None and not request.POST.get("dry_run"):
                messages.success(request, str(summary))
                return redirect(f"admin:{self.model._meta.app_label}_"
                                f"{self.model._meta.model_name}_changelist")
            context.update(problems=problems, summary=summary,
                           dry_run=bool(request.POST.get("dry_run")))
        elif request.method == "POST":
            context["problems"] = ["Choose a CSV file."]
        return TemplateResponse(request, "admin/csv_import.html", context)

    def _csv_import(self, upload, *, dry: bool):
        if upload.size > MAX_BYTES:
            return [f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB."], None
        try:
            text = upload.read().decode("utf-8-sig")  # -sig: Excel's BOM
        except UnicodeDecodeError:
            return ["The file is not UTF-8 text: save it as 'CSV UTF-8'."], None
        try:
            rows = self.csv_read(io.StringIO(text, newline=""))
        except csv_import.CsvFileError as error:
            return [str(p) for p in error.problems], None
        if dry:
            return [], csv_import.dry_run(self.csv_save, rows)
        return [], self.csv_save(rows)
