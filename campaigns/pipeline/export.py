"""Stage 6: the Direct XLSX (the product), and a Google Sheet when configured."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.pipeline.context import StageContext, StageOutput, save_fields


@dataclass
class ExportedFile:
    filename: str
    content: bytes
    ads: int  # ads the file holds (of the exported format)
    spreadsheet_url: str  # "" when no Google Sheet was made
    sheet_error: str  # why the Google Sheet failed ("" when it did not)


def compute(ctx: StageContext) -> StageOutput[ExportedFile]:
    from campaigns.export import render_file
    from campaigns.export.data import ads_in_file, export_data_for

    campaign = ctx.campaign
    ctx.progress(10, _("Writing the XLSX file"))
    data = export_data_for(campaign.pk)
    filename, content = render_file(data, fmt="xlsx", ad_format=settings.EXPORT_AD_FORMAT)
    ads = ads_in_file(data, settings.EXPORT_AD_FORMAT)
    spreadsheet_url, sheet_error = "", ""
    if settings.GOOGLE_SERVICE_ACCOUNT_FILE:
        from campaigns.export.sheets import export_to_google_sheets

        ctx.progress(60, _("Creating the Google Sheet"))
        owner = campaign.owner
        try:
            spreadsheet_url = export_to_google_sheets(
                data,
                share_with=owner.google_email if owner and owner.google_email else None,
                ad_format=settings.EXPORT_AD_FORMAT,
            )
        except Exception as error:  # the XLSX is the product; a Sheets outage is reported, not fatal
            sheet_error = str(error)[:500]
    return StageOutput(ExportedFile(filename, content, ads, spreadsheet_url, sheet_error), _("Campaign file is ready"))


def store(ctx: StageContext, data: ExportedFile) -> None:
    campaign = ctx.campaign
    if campaign.export_file:
        campaign.export_file.delete(save=False)
    campaign.export_file.save(data.filename, ContentFile(data.content), save=False)
    save_fields(
        campaign,
        export_file=campaign.export_file,
        spreadsheet_url=data.spreadsheet_url or campaign.spreadsheet_url,
        keyword_count=campaign.keywords.filter(group__isnull=False).count(),
        group_count=campaign.groups.count(),
        ad_count=data.ads,  # what the file holds: ads of the exported format
        sheets_error=data.sheet_error,
        exported_at=timezone.now(),
    )

