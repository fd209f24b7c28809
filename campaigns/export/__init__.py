"""Campaign export: the Direct XLSX upload file, the Commander TSV and Google Sheets, and a reader for them.

`export_campaign_file` gives a stored campaign's file name and bytes, ready for `Campaign.export_file`;
`render_file` does the same for data already read (the pipeline reads it once for the file, the count and the Sheet).
"""

from __future__ import annotations

import io
import re

from campaigns.export.commander import write_commander_tsv
from campaigns.export.data import ExportCampaign, export_data_for
from campaigns.export.xlsx import write_direct_xlsx

FILE_FORMATS = {"xlsx": write_direct_xlsx, "tsv": write_commander_tsv, "csv": write_commander_tsv}
UNSAFE_FILENAME_CHARACTERS = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def export_campaign_file(campaign_id: int, *, fmt: str = "xlsx", ad_format: str = "combinatorial") -> tuple[str, bytes]:
    """The campaign as a file named after it (Direct's template has no campaign-name cell; the file name carries it).

    `csv` is an alias of `tsv`: Commander's "CSV" is TAB-separated.
    """
    return render_file(export_data_for(campaign_id), fmt=fmt, ad_format=ad_format)


def render_file(data: ExportCampaign, *, fmt: str = "xlsx", ad_format: str = "combinatorial") -> tuple[str, bytes]:
    if fmt not in FILE_FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FILE_FORMATS)}, got {fmt!r}")
    buffer = io.BytesIO()
    FILE_FORMATS[fmt](data, buffer, ad_format=ad_format)
    return f"{campaign_filename(data.name, data.campaign_id)}.{fmt}", buffer.getvalue()


def campaign_filename(name: str, campaign_id: int) -> str:
    stem = " ".join(UNSAFE_FILENAME_CHARACTERS.sub(" ", name).split()).strip(".")[:100].strip()
    return stem or f"campaign-{campaign_id}"
