"""Facts for the legal pages that depend on the town's Land."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

# The body to which people turn when a town does not answer feedback on barriers (the
# Durchsetzungsverfahren of the Land's accessibility law), by Bundesland code. Proper names: not
# translated. Lands not listed get the generic sentence of the accessibility statement.
ENFORCEMENT_BODIES: Final[Mapping[str, str]] = {
    "SN": (
        "Durchsetzungsstelle beim Beauftragten der Sächsischen Staatsregierung für die Belange "
        "von Menschen mit Behinderungen"
    ),
    "BB": (
        "Durchsetzungsstelle für digitale Barrierefreiheit bei der Beauftragten der "
        "Landesregierung Brandenburg für die Belange der Menschen mit Behinderungen"
    ),
}


def enforcement_body(bundesland: str) -> str:
    """The enforcement body of a Land, or "" when the statement names none."""
    return ENFORCEMENT_BODIES.get(bundesland, "")
