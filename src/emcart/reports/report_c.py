"""Report C (Wang et al. 2022): what its chapter shows that the data do not yet hold. Its statistics are
recounted from the cases as ``case_recounts`` reads them (:mod:`emcart.audit.case_recounts`); Table 1's columns
are ``table_headings``."""

from __future__ import annotations

from emcart.model.definitions import stated_limit

# The cells of the reconstructed Table 2 a registered gap concerns: (case, column) -> gap id.
TABLE_2_GAPS = {("case 5", "CRS"): "C-case5-CRS"}


def case_6_mrd(dataset, prefix: str) -> dict[str, str]:
    """Case 6's marrow values around blinatumomab against the report's MRD-negative limit, for the prose.

    Parameters
    ----------
    dataset : Dataset
        The loaded data holding report C's rows.
    prefix : str
        The glue names' prefix.

    Returns
    -------
    dict of str to str
        ``{prefix}-<name>`` → text: the MRD-negative and CR limits, case 6's MRD before and after, blasts and
        monocytes, whether the MRD after meets the limit, Table 3's blinatumomab remissions ('k of n') and the
        published number of relapses.
    """
    lab = dataset["measurements"].set_index("measurement_id")["value"]
    stats = dataset["reported_statistics"].set_index("stat_id")
    limit = stated_limit(dataset, "C-M-MRDneg")
    values = {
        "mrd-negative": limit.words,
        "cr-blasts": stated_limit(dataset, "C-M-CR").words,
        "case6-mrd-post": f"{lab['C-6/1-MRD-post']:g}%",
        "case6-mrd-pre": f"{lab['C-6/1-MRD-pre']:g}%",
        "case6-blasts-pre": f"{lab['C-6/1-blasts-pre']:g}%",
        "case6-monocytes": f"{lab['C-6/1-monocytes-relapse']:g}%",
        "case6-mrd-verdict": "MRD-negative" if limit.admits(lab["C-6/1-MRD-post"]) else "not MRD-negative",
        "t3-cr-blina": f"{stats.at['C-T3-CR-blina', 'numerator']:g} of {stats.at['C-T3-CR-blina', 'denominator']:g}",
        "relapses": f"{stats.at['C-relapse', 'numerator']:g}",
    }
    return {f"{prefix}-{name}": value for name, value in values.items()}
