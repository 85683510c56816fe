"""The 34 provinces and 3,321 communes in force since 1 July 2025, with old→new name mapping.

Use ``default_admin_units()`` (loaded lazily, once) and its ``find_province`` / ``find_commune``.
"""

from civic.admin_units.lookup import AdminUnits, default_admin_units, load_admin_units
from civic.admin_units.models import (
    Change,
    Commune,
    CommuneCandidate,
    CommuneMatch,
    OldCommune,
    OldProvince,
    Province,
    ProvinceMatch,
)

__all__ = [
    "AdminUnits",
    "Change",
    "Commune",
    "CommuneCandidate",
    "CommuneMatch",
    "OldCommune",
    "OldProvince",
    "Province",
    "ProvinceMatch",
    "default_admin_units",
    "load_admin_units",
]
