"""Yandex Direct API v5: the client (`client`), the upload of a built campaign (`upload`) and the token check
(`access`). Facts about the API are in ../shared/reference/yandex-direct.md §6; the README's "Upload to Direct"
section says which field names were confirmed where."""
