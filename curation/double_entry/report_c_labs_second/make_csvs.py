#!/usr/bin/env python3
"""Builds the four CSV files of the blind second entry of report C
(Wang et al. 2022, Front Pediatr, 7 cases) from hand-transcribed rows.
Every snippet was copied from /work/shared/sources/003_b98ce3abb191c710.txt;
this script refuses to write a row whose snippet is not found there
(after collapsing whitespace)."""
import csv, os, re, sys

SRC = "/work/shared/sources/003_b98ce3abb191c710.txt"
OUT = os.path.dirname(os.path.abspath(__file__))
TEXT = re.sub(r"\s+", " ", open(SRC, encoding="utf-8").read())


def chk(snippet):
    s = re.sub(r"\s+", " ", snippet).strip()
    if s not in TEXT:
        sys.exit("SNIPPET NOT FOUND: " + snippet)
    return s


# ---------------------------------------------------------------- measurements
M_COLS = ["case", "course", "analyte", "compartment", "time_as_printed", "day_min", "day_max",
          "value", "qualifier", "unit", "printed", "snippet", "note"]
M = []


def m(case, course, analyte, comp, time, value, qual, unit, printed, snippet, note="", dmin="", dmax=""):
    M.append([case, course, analyte, comp, time, dmin, dmax, value, qual, unit, printed, chk(snippet), note])


IG1 = ("One year after HSCT, the full classes of immunoglobulins showed that the absence of "
       "immunoglobulins (IgG<0.3g/L, IgA<0.07 g/L, IgM<0.04g/L) was lower than normal, the "
       "proportion of B-lymphocytes was 0.02% (3%-19%)")
IG1b = ("the full classes of immunoglobulins were still lower than normal (IgG 3.5 g/L, IgA <0.07 g/L, "
        "IgM 0.05 g/L)")
NOTE_HSCT_Y1 = ("HSCT clock; 'one year' not converted to a day number. Time is after the donor CAR-T "
                "for PTLD as well (text gives no day for that infusion). Compartment not printed; serum "
                "implied by immunoglobulin concentration in g/L. Text says these values were 'lower "
                "than normal'; no reference range printed for immunoglobulins.")
NOTE_2ND = ("Second set of immunoglobulins in case 1. Time NOT printed for this set: it follows the "
            "one-year values in the same sentence ('...and the full classes of immunoglobulins were still "
            "lower than normal'); time_as_printed left as in sentence. The Discussion says case 1 'still had "
            "hypogammaglobulinemia 2 years after HSCT', which may be this time point but the text does not "
            "tie the values to it. HSCT clock. Compartment not printed (serum implied).")
m(1, "HSCT", "IgG", "serum", "One year after HSCT", "0.3", "<", "g/L", "IgG<0.3g/L", IG1, NOTE_HSCT_Y1)
m(1, "HSCT", "IgA", "serum", "One year after HSCT", "0.07", "<", "g/L", "IgA<0.07 g/L", IG1, NOTE_HSCT_Y1)
m(1, "HSCT", "IgM", "serum", "One year after HSCT", "0.04", "<", "g/L", "IgM<0.04g/L", IG1, NOTE_HSCT_Y1)
m(1, "HSCT", "B-lymphocytes (proportion)", "not stated (lymphocyte subsets)", "One year after HSCT", "0.02",
  "exact", "%", "0.02% (3%-19%)", IG1,
  "Reference range printed in parentheses: 3%-19%. HSCT clock; 'one year' not converted to days. "
  "Compartment not printed (blood lymphocyte subsets likely).")
m(1, "HSCT", "IgG", "serum", "not printed (same sentence as 'One year after HSCT'; 'still lower than normal')",
  "3.5", "exact", "g/L", "IgG 3.5 g/L", IG1b, NOTE_2ND)
m(1, "HSCT", "IgA", "serum", "not printed (same sentence as 'One year after HSCT'; 'still lower than normal')",
  "0.07", "<", "g/L", "IgA <0.07 g/L", IG1b, NOTE_2ND)
m(1, "HSCT", "IgM", "serum", "not printed (same sentence as 'One year after HSCT'; 'still lower than normal')",
  "0.05", "exact", "g/L", "IgM 0.05 g/L", IG1b, NOTE_2ND)

m(2, "HSCT", "IgA", "serum", "One year after HSCT", "0.07", "<", "g/L", "(<0.07 g/L)",
  "One year after HSCT, it was observed that complete classes of immunoglobulin showed that only IgA level "
  "was lower than normal (<0.07 g/L).",
  "Only IgA was lower than normal; IgG and IgM values not printed (see absences.csv). HSCT clock; 'one year' "
  "not converted to days. Compartment not printed (serum implied).")
m(2, "HSCT", "B-lymphocytes (proportion)", "not stated (lymphocyte subsets)",
  "not printed in the sentence (preceding sentence: 'One year after HSCT')", "21.03", "exact", "%", "21.03%",
  "Analysis of lymphocyte subsets revealed that the proportion of B-lymphocytes increased slightly by 21.03% "
  "(normal range 3%-19.0%).",
  "Printed 'increased slightly by 21.03%' - read as the proportion being 21.03% (above the printed normal range "
  "3%-19.0%); the wording 'by' could also mean an increase of 21.03 points, which is ambiguous. Time follows the "
  "one-year-after-HSCT sentence but is not repeated. Compartment not printed.")

m(4, "before immunotherapy", "MRD", "not stated", "After consolidation therapy", "0.01", "exact", "%",
  "0.01%",
  "After consolidation therapy, her disease was considered refractory to ALL due to a positive MRD of 0.01%.",
  "Before blinatumomab (CCCG-ALL-2020 chemotherapy, after consolidation). Described as positive MRD. "
  "Compartment and method not printed.")

m(5, "before immunotherapy", "BCR/ABL (quantitative)", "BM", "bone marrow re-examination (start of upward trend)",
  "0.5", "exact", "%", "0.5%",
  "a continuous positive quantitative analysis of the BCR/ABL gene and an upward trend (from 0.5% to 2.14%) in "
  "bone marrow re-examination",
  "Lower end of the upward trend before blinatumomab (under dasatinib + CCCG-ALL-2020). Exact dates not printed.")
m(5, "before immunotherapy", "BCR/ABL (quantitative)", "BM", "bone marrow re-examination (end of upward trend)",
  "2.14", "exact", "%", "2.14%",
  "a continuous positive quantitative analysis of the BCR/ABL gene and an upward trend (from 0.5% to 2.14%) in "
  "bone marrow re-examination",
  "Upper end of the upward trend before blinatumomab; led to the diagnosis of refractory ALL.")
m(5, "blinatumomab", "BCR-ABL P190 fusion gene expression", "not stated", "following blinatumomab treatment",
  "1.07", "exact", "%", "1.07%",
  "ICANS. The expression of the fusion gene BCR-ABL P190 was 2 A® B A= s Refaractory leukemia Treatment © CAR-T "
  "Outcome # Loss to follow-up FIGURE 2 Swimmer plot of patients’ treatment and outcome. FIGURE 3 Droplet digital "
  "polymerase chain reaction analysis of CAR T cells expansion and persistence in vivo. (A) Expansion and "
  "persistence of anti-CD22 CAR T cells in peripheral blood of case 1. (B) Expansion and persistence of anti-CD19 "
  "CAR T cells in peripheral blood of case 1. (C) Expansion and persistence of anti-CD19 CAR T cells in peripheral "
  "blood of case 2. (D) Expansion and persistence of anti-CD19 CAR T cells in peripheral blood of case 7. 1.07% "
  "following blinatumomab treatment.",
  "The sentence is split by Figure 2/3 caption text in the OCR: 'The expression of the fusion gene BCR-ABL P190 was' "
  "... [figure text] ... '1.07% following blinatumomab treatment.'; the snippet keeps the intervening figure text so "
  "that it is an exact substring. Lies inside the 'Case 5:' section (the 'case 1/2/7' words belong to the Figure 3 "
  "caption). Blinatumomab was stopped on day 4 (seizure); day of this test not printed. Compartment not printed.")

m(6, "before immunotherapy", "Ki67 (IHC, skin mass)", "skin mass biopsy (tumor cells)", "One week after birth",
  "70", "exact", "%", "Ki67 (L170%)",
  "CD7 (-), Ki67 (L170%).",
  "OCR reading: 'L170%' read as 'LI 70%' (labelling index 70%). Alternative readings ('+70%', '~70%') give the same "
  "number 70 but the qualifier could differ; flagged ambiguous. Biopsy for myeloid sarcoma one week after birth.")
m(6, "before immunotherapy", "marrow blasts", "BM", "at presentation (before any treatment)", "95", "exact", "%",
  "95% blast cells",
  "The bone marrow was rich, infiltrated by 95% blast cells and 1% POX staining, and it was PAS-positive.",
  "Time not printed as a date; workup at presentation at age 3 months, before MPAL diagnosis and chemotherapy.")
m(6, "before immunotherapy", "POX-positive (staining)", "BM", "at presentation (before any treatment)", "1", "exact",
  "%", "1% POX staining",
  "The bone marrow was rich, infiltrated by 95% blast cells and 1% POX staining, and it was PAS-positive.",
  "Printed '1% POX staining' (myeloperoxidase cytochemistry). PAS-positive recorded in facts.csv.")
m(6, "before immunotherapy", "FCM abnormal naive lymphocytes (B-lineage markers), % of all nucleated cells", "BM",
  "at presentation (before any treatment)", "36.2", "approx", "% of all nucleated cells", "approximately 36.2%",
  "Using FCM, it showed two distinct groups, with approximately 36.2% of cells (accounting for all nucleated cells) "
  "classified as abnormal naive lymphocytes",
  "Phenotype printed: CD19+, cCD79 dim, CD38+, CD123+, CD9part+, CD24part+ (see facts.csv). 'it' = the bone marrow "
  "of the preceding sentence.")
m(6, "before immunotherapy", "FCM abnormal myeloid primitives, % of all nucleated cells", "BM",
  "at presentation (before any treatment)", "54.5", "approx", "% of all nucleated cells", "approximately 54.5%",
  "approximately 54.5% of cells (accounting for all nucleated cells) classified as abnormal myeloid primitives",
  "Markers printed: CD38, CD64, CD33, CD123dim, CD117, CDI11b [=CD11b], CD15, CD13dim (see facts.csv). Same case 6 "
  "FCM sentence as the 36.2% row.")
m(6, "before immunotherapy", "marrow blasts", "BM", "after multiple lines of chemotherapy (before blinatumomab)",
  "5.2", "exact", "%", "5.2%",
  "The patient could not achieve CR after receiving multiple lines of chemotherapy. The blast was found in 5.2% of "
  "the bone marrow",
  "Pre-blinatumomab status; no date printed.")
m(6, "before immunotherapy", "MRD (abnormal naive B-lymphocytes)", "not stated",
  "after multiple lines of chemotherapy (before blinatumomab)", "0.65", "approx", "%", "approximately 0.65%",
  "while MRD was indicated to be approximately 0.65% of abnormal naive B- lymphocytes expressed CD19, CD38, "
  "CD123dim, and CD81dim",
  "Phenotype: CD19, CD38, CD123dim, CD81dim positive; CD10, CD20, CD34, CD13, CD33, CDI117 [=CD117] negative. "
  "Compartment not printed explicitly (same sentence as the 5.2% bone marrow blasts).")
m(6, "before immunotherapy", "MLL/AF10 fusion transcript (quantification)", "not stated",
  "after multiple lines of chemotherapy (before blinatumomab)", "1.57", "exact", "%", "1.57%",
  "The MLL/AF10 1.57%.",
  "OCR displaced words: the printed line is 'The MLL/AF10 1.57%.' and the words 'quantification ~ was' appear two "
  "lines later; read as 'The MLL/AF10 quantification was 1.57%.' Compartment not printed. Case 6 section.")
m(6, "blinatumomab", "MRD", "BM", "after treatment with blinatumomab", "0.01", "exact", "%", "0.01%",
  "Assessment of bone marrow morphology revealed a severely suppressed myeloid image with an MRD of 0.01% after "
  "treatment with blinatumomab.",
  "After the 4-week blinatumomab course (days 1-28); exact day not printed.")
m(6, "blinatumomab", "MRD (primitive and immature monocytes)", "not stated",
  "head mass reappeared approximately 1 month after treatment with blinatumomab", "91.5", "exact", "%", "91.5%",
  "His head mass reappeared approximately 1 month after treatment with blinatumomab. MRD assessment revealed 91.5% "
  "primitive and immature monocytes",
  "Relapse/lineage transformation; no immature lymphocytes and no CD19 expression (see absences.csv). Time relative "
  "to end of blinatumomab, day not printed. Compartment not printed.")

m(7, "CAR-T", "MRD (FCM)", "not stated", "Subsequently [after cervical lymphadenopathy reappeared on day 177]",
  "94.6", "exact", "%", "94.6%",
  "on day 177 following CAR T cell infusion. Subsequently, the patient relapsed as shown by assessing FCM of 94.6% "
  "MRD (naive B cells partially expressed CD19).",
  "Relapse after CAR-T; CD19 partially expressed. The test is placed 'subsequently' after day 177 (CAR-T infusion = "
  "day 0), so it is on or after day 177 but no day is printed; day columns left blank. Case 7 section.")

# ------------------------------------------------------------------- absences
A_COLS = ["case", "course", "what_did_not_happen", "snippet", "note"]
A = []


def a(case, course, what, snippet, note=""):
    A.append([case, course, what, chk(snippet), note])


a("all", "immunotherapy", "severe cytokine release syndrome",
  "None of the patients had severe cytokine release syndrome.", "Abstract; repeated in Results ('None of the patients had severe CRS.').")
a("all", "immunotherapy", "severe CRS", "complete remission (71.4%). None of the patients had severe CRS.", "Results section wording.")
a("all", "immunotherapy", "treatment-related death", "186- 3,180 days). No deaths were related to treatment. Three patients relapsed",
  "Results section (same sentence also in Abstract).")
a("all (Table 3)", "immunotherapy", "CRS grade >3 [≥3]: 0 in blinatumomab, 0 in CAR-T, 0 overall", "Grade >3 0 0 0",
  "Table 3 row printed 'Grade >3'; probably '≥3' with the symbol lost.")
a("all (Table 3)", "immunotherapy", "immunotherapy-related death: 0 in all groups", "Immunotherapy- 0 0 0 related death", "Table 3.")
a("CAR-T group (Table 3)", "CAR-T", "ICANS after CAR-T (0 of 3)", "ICANS 1 (25%) 0 1 (14.3%)", "Table 3; CAR-T column = 0.")
a("CAR-T group (Table 3)", "CAR-T", "grade 1 CRS after CAR-T (0)", "Gradel 2 (50%) 0 2(28.6%)", "Table 3; 'Gradel' = Grade 1.")
a("blinatumomab group (Table 3)", "blinatumomab", "grade 2 CRS after blinatumomab (0)", "Grade2 0 3 (100%) 3 (42.9%)", "Table 3.")
for c in (1, 2, 7):
    a(c, "CAR-T", "ICANS", "three patients who received CAR T-cell infusion had grade 2 CRS without ICANS",
      "Discussion statement about the three CAR-T patients; the narratives identify them as cases 1, 2 and 7.")
for c in (3, 4, 5, 6):
    a(c, "blinatumomab", "apparent infection",
      "Four patients administered blinatumomab had no apparent infections.",
      "Discussion statement about the four blinatumomab patients (cases 3-6 per narratives). CONFLICT: Table 3 gives "
      "'Immunotherapy-related infection' 1 (25%) in the blinatumomab column.")
a(1, "donor CAR-T", "high-grade CRS or ICANS",
  "Case 1 was treated with anti-CD19/anti-CD22 CAR T-cell cocktail therapy in this study, followed by HSCT for approximately 6 months after infusion. The patient received donor anti-CD19/anti-CD22 CAR T cells due to PTLD. No evidence of high-grade CRS or ICANS",
  "Discussion on case 1; it is not explicit whether this refers to the donor CAR-T only or to both CAR-T courses.")
a(1, "overall", "adverse events (alive with none)", "Case 1 was treated with anti-CD19/anti-CD22 CAR T-cell cocktail therapy in this study, followed by HSCT for approximately 6 months after infusion. The patient received donor anti-CD19/anti-CD22 CAR T cells due to PTLD. No evidence of high-grade CRS or ICANS, and aGVHD was grade I was observed. The patient is still alive with no adverse events.",
  "Discussion on case 1. Narrative: 'She continued to achieve clinical remission at the last follow-up.'")
a(2, "HSCT", "other serious complications after HSCT (besides mild aGVHD grade I skin)",
  "He developed only mild acute GVHD (grade I, skin) after HSCT with no other serious complications.",
  "Infections after HSCT are nevertheless reported in the next sentence.")
a(2, "HSCT", "IgG and IgM below normal at one year after HSCT (only IgA was lower than normal)",
  "only IgA level was lower than normal (<0.07 g/L)", "Negative statement by implication of 'only'; IgG/IgM values not printed.")
a(3, "blinatumomab", "obvious CRS", "was used to treat her for 2 weeks without obvious CRS and ICANS", "")
a(3, "blinatumomab", "obvious ICANS", "was used to treat her for 2 weeks without obvious CRS and ICANS", "")
a(4, "blinatumomab", "obvious signs of CRS", "for 2 weeks without obvious signs of CRS and ICANS", "")
a(4, "blinatumomab", "obvious signs of ICANS", "for 2 weeks without obvious signs of CRS and ICANS", "")
a(4, "overall", "adverse events at last follow-up",
  "Furthermore, the patient was still alive with no adverse events at the last follow-up.", "")
a(5, "HSCT", "other severe complications such as GVHD (at the time of CMV activation/hemorrhagic cystitis, 43 days after HSCT)",
  "cystitis (grade 3) 43 days after HSCT, and there were no other severe complications, such as GVHD.",
  "GVHD is nevertheless reported later ('6 months after HSCT ... followed by GVHD and TMA').")
a(5, "overall", "adverse events until last follow-up",
  "The patient was alive with no adverse events until the last follow-up.", "")
a(6, "before immunotherapy", "further treatment after myeloid sarcoma diagnosis",
  "However, the patient received no further treatment.", "After skin biopsy diagnosis one week after birth.")
a(6, "before immunotherapy", "CR after multiple lines of chemotherapy",
  "The patient could not achieve CR after receiving multiple lines of chemotherapy.", "")
a(6, "blinatumomab", "immature lymphocytes at relapse MRD assessment",
  "MRD assessment revealed 91.5% primitive and immature monocytes, no immature lymphocytes, and no expression of CD19",
  "Negative laboratory finding ~1 month after blinatumomab.")
a(6, "blinatumomab", "CD19 expression at relapse MRD assessment",
  "no immature lymphocytes, and no expression of CD19, indicating a lineage transformation",
  "Negative laboratory finding ~1 month after blinatumomab.")
a(6, "before immunotherapy", "expression of CD10, CD20, CD34, CD13, CD33, CD117 on MRD cells",
  "but did not express CD10, CD20, CD34, CD13, CD33, and CDI117.", "'CDI117' = CD117 (OCR).")
a(7, "before immunotherapy", "molecular remission after multiple lines of chemotherapy",
  "The patient was unable to achieve molecular remission after multiple lines of chemotherapy.", "")
a(7, "before immunotherapy", "CR at end of reinduction (idarubicin, dexamethasone, Pegaspargase, vincristine)",
  "CR was not achieved at the end of the reinduction regimen", "")
a(7, "HSCT", "HSCT (not done; no suitable donor)",
  "the family of the patient in case 7 discontinued the treatment after the second relapse due to a lack of a suitable donor.",
  "HSCT had been recommended after CAR-T.")

# ---------------------------------------------------------------- definitions
D_COLS = ["term", "definition", "snippet", "note"]
D = []


def d(term, definition, snippet, note=""):
    D.append([term, definition, chk(snippet), note])


CR_SNIP = ("Complete remission (CR) was defined as having <5% extramedullary disease sites. MRD-negative bone marrow "
           "blasts bone marrow blasts, no circulating blasts, and no accounted for <0.01% of all samples analyzed using "
           "multicolor FCM.")
d("Complete remission (CR)", "having <5% bone marrow blasts, no circulating blasts, and no extramedullary disease sites",
  CR_SNIP, "OCR lines displaced; definition reassembled from the fragments '<5%' / 'bone marrow blasts, no circulating "
  "blasts, and no' / 'extramedullary disease sites.'")
d("MRD-negative", "bone marrow blasts accounted for <0.01% of all samples analyzed using multicolor FCM", CR_SNIP,
  "Reassembled: 'MRD-negative bone marrow blasts ... accounted for <0.01% of all samples analyzed using multicolor FCM.'")
d("Relapse (relapsed disease)",
  "After CR, the reappearance of blasts in the blood, bone marrow, or extramedullary sites is considered to indicate a relapsed disease.",
  "After CR, the reappearance of blasts in the blood, bone marrow, or extramedullary sites is considered to indicate a relapsed disease.")
d("Response assessment methods", "Morphological analysis and multicolor FCM were used to assess treatment response.",
  "Morphological analysis and multicolor FCM were used to assess treatment response.")
d("CRS grading", "The cytokine release syndrome (CRS) grading system was used to grade CRS (8).",
  "The cytokine release syndrome (CRS) grading system was used to grade CRS (8).", "Reference (8) not named in the file.")
d("ICANS grading (children <12 years)",
  "The Cornell Assessment of Pediatric Delirium is recommended for children aged <12 years to aid in the overall grading of ICANS (9, 10)",
  "The Cornell Assessment of Pediatric Delirium is recommended for children aged <12 years to aid in the overall grading of immune effector cell-associated neurotoxicity syndrome (ICANS) (9, 10).")
d("Encephalopathy assessment (adolescents >12 years)",
  "the Immune Effector Cell-Associated Encephalopathy score is used to assess encephalopathy in adolescents aged >12 years (8)",
  "Moreover, the Immune Effector Cell-Associated Encephalopathy score is used to assess encephalopathy in adolescents aged >12 years (8).",
  "Age exactly 12 is covered by neither printed bound.")
d("CNS 1", "no blasts in cerebrospinal fluid (CSF)", "CNS 1, no blasts in cerebrospinal fluid (CSF);", "Table 1 footnote.")
d("CNS 2", "<5/ul white blood cells and detectable lymphoblasts in CSF but without clinically evident neurological lesions",
  "CNS 2, <5/ul white blood cells and detectable lymphoblasts in CSF but without clinically evident neurological lesions;",
  "Table 1 footnote; '/ul' = /µL.")
d("CNS 3", ">5/ul white blood cells and detectable lymphoblasts in CSF or with clinically evident neurological lesions",
  "CNS 3, >5/ul white blood cells and detectable lymphoblasts in CSF or with clinically evident neurological lesions;",
  "Table 1 footnote; '>' printed (possibly ≥ with lost symbol); exactly 5/µL falls in neither printed class.")
d("Early relapse", "medullary relapse time <36 months from initial B-ALL diagnosis",
  "Early relapse, medullary relapse time <36 months from initial B-ALL diagnosis;", "Table 1 footnote.")
d("Late relapse", "medullary relapse time >36 months from initial B-ALL diagnosis",
  "Late relapse, medullary relapse time >36 months from initial B-ALL diagnosis;", "Table 1 footnote.")
d("/ (Table 1)", "not applicable", "/, not applicable.", "Table 1 footnote.")
d("CAR T-cell therapy",
  "the genetic modification of patients or allogeneic T cells in vitro, followed by adoptive transfer back to the patient",
  "CAR T-cell therapy refers to the genetic modification of patients or allogeneic T cells in vitro, followed by adoptive transfer back to the patient.",
  "Discussion.")
d("Blinatumomab",
  "an anti-CD3 x anti-CD19 fragment bispecific T-cell engager that links human CD3+T cells with CD19 + leukemia cells, triggering a cytotoxic immune response and exerting antitumor effects (13)",
  "Blinatumomab is an anti-CD3 x anti-CD19 fragment bispecific T-cell engager that links human CD3+T cells with CD19 + leukemia cells, triggering a cytotoxic immune response and exerting antitumor effects (13).",
  "Discussion.")
d("Hypogammaglobulinemia (context)", "Hypogammaglobulinemia due to B-cell dysplasia is a late adverse event of immunotherapy.",
  "Hypogammaglobulinemia due to B-cell dysplasia is a late adverse event of immunotherapy.", "Discussion; descriptive rather than a threshold.")
ABBR = [
    ("aGVHD", "acute graft-vs.-host disease", "aGVHD, acute graft-vs.-host disease;"),
    ("ALL", "acute lymphoblastic leukemia", "ALL, acute lymphoblastic leukemia;"),
    ("CAPD", "cornell assessment of pediatric delirium", "CAPD, cornell assessment of pediatric delirium;"),
    ("CAR", "chimeric antigen receptor", "CAR, chimeric antigen receptor;"),
    ("CMV", "cytomegalovirus", "CMV, cytomegalovirus;"),
    ("CR", "complete remission", "CR, complete remission; CRS, cytokine- release syndrome;"),
    ("CRS", "cytokine-release syndrome", "CRS, cytokine- release syndrome;"),
    ("EBV", "Epstein-barr virus", "EBV, Epstein-barr virus;"),
    ("EFS", "event-free survival", "EFS, event-free survival;"),
    ("FCM", "flow cytometry", "FCM, flow cytometry;"),
    ("GVHD", "graft-vs.-host disease", "GVHD, graft-vs.-host disease;"),
    ("HSCT", "hematopoietic stem cell transplantation", "HSCT, hematopoietic stem cell transplantation;"),
    ("ICANS", "immune effector cell-associated neurotoxicity syndrome", "ICANS, immune effector cell-associated neurotoxicity syndrome;"),
    ("ICE", "the immune effector cell-associated encephalopathy", "ICE, the immune effector cell-associated encephalopathy;"),
    ("MICM", "morphology, immunology, cytogenetics and molecular", "MICM, morphology, immunology, cytogenetics and molecular;"),
    ("MPAL", "mixed phenotype acute leukemia", "MPAL, mixed phenotype acute leukemia;"),
    ("MRD", "minimal residual disease", "MRD, minimal residual disease;"),
    ("NGS", "next-generation sequencing", "NGS, next-generation sequencing."),
]
for t, dfn, sn in ABBR:
    d(t + " (abbreviation)", dfn, sn, "Abbreviations list.")

# ---------------------------------------------------------------------- facts
F_COLS = ["case", "item", "value", "unit", "qualifier", "printed", "snippet", "note"]
F = []


def f(case, item, value, unit, qual, printed, snippet, note=""):
    F.append([case, item, value, unit, qual, printed, chk(snippet), note])


# --- study level
f("", "study period (inclusion)", "February 2014 to April 2022", "", "month-only dates", "between February 2014 and April 2022",
  "were included in the study between February 2014 and April 2022.", "Also in the Abstract.")
f("", "last follow-up date", "2022-10-30", "", "exact", "October 30, 2022",
  "The last follow- up was performed on October 30, 2022.")
f("", "eligibility: age", "14", "years", "<", "aged <14 years",
  "Patients were aged <14 years with relapsed/refractory leukemia who received immunotherapy")
f("", "eligibility: disease/treatment", "relapsed/refractory leukemia who received immunotherapy (CAR T-cell therapy and blinatumomab) at Tongji Hospital",
  "", "", "", "who received immunotherapy (including CAR T-cell therapy and blinatumomab) at Tongji Hospital, Tongji Medical College")
f("", "study design", "retrospective analysis", "", "", "retrospectively analyzed",
  "between February 2014 and April 2022 were retrospectively analyzed.")
f("", "trial registration", "ChiCTR-OPN-16008526", "", "", "ChiCTR-OPN-16008526",
  "study (ChiCTR-OPN-16008526, ClinicalTrials.gov#NCT04888468).", "Case 1 was enrolled in this trial.")
f("", "trial registration", "NCT04888468", "", "", "ClinicalTrials.gov#NCT04888468",
  "study (ChiCTR-OPN-16008526, ClinicalTrials.gov#NCT04888468).", "Cases 2 and 7 were enrolled in this trial.")
f("", "ethics approval", "Institutional Review Committee of Tongji Hospital approved the design", "", "", "",
  "The Institutional Review Committee of Tongji Hospital, Tongji Medical College, Huazhong University of Science and Technology approved the design of this study")
f("", "ethics", "conducted in accordance with the Declaration of Helsinki", "", "", "",
  "Clinical investigations were conducted in accordance with the principles of the Declaration of Helsinki.")
f("", "consent", "signed informed consent before anti-CD19 or anti-CD19/anti-CD22 CAR T-cell cocktail treatment", "", "", "",
  "All patients and their guardians provided signed informed consent before receiving anti-CD19 CAR T-cell or anti-CD19/anti- CD22 CAR T-cell cocktail treatment.")
f("", "HSCT decision", "depending on the choice of the parents or guardians, disease status, and affordability", "", "", "",
  "Patients receive HSCT depending on the choice of the parents or guardians, disease status, and affordability of the treatment.")
f("", "CAR construct", "CD19/CD22 CAR with CD28 and 4-1BB costimulatory domains, generated using lentiviral vectors (ref 5)", "", "", "",
  "CD19/CD22 CAR with CD28 and 4-1BB costimulatory domains was generated using lentiviral vectors, as previously reported (5).")
f("", "CAR construct (CD19 CAR)", "scFv recognizing human CD19, combined with CD137/CD3 intracellular costimulatory signals", "", "", "",
  "CD19 CAR is used to screen the hinge region by improving the polypeptide (single-chain fragment variable, scFv) that recognizes human CD19 antigens by combining CD137/CD3 intracellular costimulatory signals.",
  "Sentence is garbled in the source; transcribed content only.")
f("", "CAR product quality control", "All CAR T cells required quality control before discharge", "", "", "",
  "All CAR T cells required quality control before discharge.")
f("", "cocktail eligibility criteria", "as previously reported (ref 5)", "", "", "",
  "Anti-CD19/anti-CD22 CAR T-cell cocktail treatment eligibility criteria were as previously reported (5).")
f("", "cocktail target dose", "2.5", "x10^6 cells/kg", "exact", "2.5x 10°/kg",
  "The target dose for enrolled patients was 2.5x 10°/kg, with each type of CAR T-cell divided into two equal doses.",
  "OCR: superscript lost, '10°' read as 10^6 (same rendering as case 1 doses where '106/kg' also printed). Not stated whether the target is per CAR type or total.")
f("", "cocktail dose split", "each type of CAR T-cell divided into two equal doses", "", "", "",
  "with each type of CAR T-cell divided into two equal doses.")
f("", "cocktail dose modification", "severe comorbidities or high disease burden: infused at increasing doses", "", "", "",
  "In patients with severe comorbidities or a high disease burden, anti-CD19/anti-CD22 CAR T cells were infused at increasing doses.")
f("", "cocktail infusion schedule", "anti-CD19 and anti-CD22 CAR T cells for several consecutive days from day 0", "", "", "",
  "Anti- CD19/anti-CD22 CAR T-cell cocktail treatment was infused with anti-CD19 CAR T cells and anti-CD22 CAR T cells for several consecutive days from day 0.")
f("", "anti-CD19 CAR-T infusion schedule", "single dose of autologous anti-CD19 CAR T cells on day 0", "", "", "",
  "anti-CD19 CAR T-cell therapy was infused with a single dose of autologous anti-CD19 CAR T cells on day 0.")
f("", "anti-CD19 eligibility: age", "3-21", "years", "range", "3-21- year-old",
  "3-21- year-old patients with relapsed/refractory B-ALL;")
f("", "anti-CD19 eligibility: Ph+ ALL", "received at least two TKI treatments", "", "≥", "at least two",
  "patients with Ph + ALL received at least two TKI treatments;")
f("", "anti-CD19 eligibility: prior allo-HSCT interval", "6", "months", ">", ">6 months",
  "Allo-HSCT requiring >6 months before anti-CD19 CAR T-cell infusion")
f("", "anti-CD19 eligibility: GVHD", "no GVHD of grade 2 or above within 2 weeks before PBMC collection", "", "", "",
  "no graft-vs.- host disease (GVHD) of grade 2 or above occurred within 2 weeks before PBMC collection;")
f("", "anti-CD19 eligibility: organ function/survival", "good organ function and survival assessment over 12 weeks", "weeks", ">", "over 12 weeks",
  "good organ function and survival assessment over 12 weeks;")
f("", "anti-CD19 eligibility: Karnofsky performance status", "60", "%", ">", ">60%", "Karnofsky performance status of >60%;")
f("", "anti-CD19 eligibility: CD19 expression", "confirmation of CD19 on malignant B cells by flow cytometry (FCM) or immunohistochemistry", "", "", "",
  "confirmation of the expression of target antigens CD19 on cytometry (FCM) or immunohistochemistry. Patients with uncontrolled infection or malignant B cells using flow definite central nervous system pathology",
  "OCR displaced 'malignant B cells using flow'.")
f("", "anti-CD19 exclusion criteria", "uncontrolled infection or definite CNS pathology (excluding inactive CNS lesions)", "", "", "",
  "Patients with uncontrolled infection or malignant B cells using flow definite central nervous system pathology (excluding inactive CNS lesions) were excluded.")
f("", "anti-CD19 trial design", "three dose groups, dose-escalating 3 + 3 design (ref 6)", "", "", "",
  "The study planned to set up three dose groups, adopting a dose-escalating 3 + 3 design (6).")
f("", "lymphodepletion: fludarabine", "25", "mg/m2/day", "exact", "25 mg/ m?*/day",
  "Patients were administered an FC regimen (fludarabine 25 mg/ m?*/day, cyclophosphamide 20 mg/kg/day)", "OCR: 'm?*' = m².")
f("", "lymphodepletion: cyclophosphamide", "20", "mg/kg/day", "exact", "20 mg/kg/day",
  "cyclophosphamide 20 mg/kg/day) for 3 days")
f("", "lymphodepletion: duration", "3", "days", "exact", "3 days", "cyclophosphamide 20 mg/kg/day) for 3 days")
f("", "lymphodepletion: timing", "days -4 to -2 or days -5 to -3", "day (CAR-T infusion = day 0)", "", "(—4 to —2 days or —5 to —3 days)",
  "for 3 days (—4 to —2 days or —5 to —3 days) for lymphodepleting chemotherapy.", "OCR: '—' = minus sign.")
f("", "HSCT conditioning (protocol)", "myeloablative BU/CY/ATG (ref 7) for haploidentical HSCT", "", "", "",
  "The patients underwent a myeloablation regimen using BU/CY/ ATG (7) for haploidentical HSCT.",
  "Case narratives list AC/BU/CY/ATG (case 1) and VP/BU/CY/ATG (cases 2, 3, 5).")
f("", "GVHD prophylaxis", "determined by individual transplant physicians (such as cyclosporine, methotrexate, and mycophenolate mofetil)", "", "", "",
  "cyclosporine, methotrexate, and mycophenolate mofetil) for GVHD regimen based on disease and transplant-related factors.",
  "OCR line order scrambled.")
f("", "number of patients", "7", "patients", "exact", "seven", "Overall, seven children were enrolled in this study,")
f("", "immunotherapy only", "2 (cases 6, 7)", "patients", "exact", "two (case 6, case 7)",
  "two (case 6, case 7) of whom received only immunotherapy")
f("", "immunotherapy + HSCT", "5 (cases 1-5)", "patients", "exact", "five (case 1-case 5)",
  "five (case 1-case 5) received immunotherapy and HSCT.")
f("", "complete remission", "5 (71.4%)", "patients", "exact", "Five patients achieved complete remission (71.4%)", "Tables 1, 2. Five patients achieved complete remission (71.4%).")
f("", "grade 3 ICANS with prior leukoencephalopathy", "1", "patient", "exact", "one",
  "However, one developed grade 3 immune effector cell-associated neurotoxicity syndrome with prior leukoencephalopathy. The response")
f("", "median follow-up", "541", "days", "exact", "541 days", "The median follow-up period was 541 days (range, 186- 3,180 days).")
f("", "follow-up range", "186-3180", "days", "range", "186- 3,180 days", "The median follow-up period was 541 days (range, 186- 3,180 days).")
f("", "relapses", "3", "patients", "exact", "Three", "No deaths were related to treatment. Three patients relapsed. Figure 2")
f("", "relapse antigen status", "2 CD19-negative, 1 CD19 antigen reduction", "", "", "",
  "Three patients relapsed, two had CD19- negative recurrences, and the third showed CD19 antigen reduction.")
f("", "deaths", "one died after disease progression; the other died of HSCT-related complications", "", "", "",
  "One patient died after disease progression, whereas the other died of HSCT-related complications.", "Cases 6 and 3 per narratives.")
f("", "lost to follow-up", "one abandoned the treatment after relapse and was lost to follow-up", "", "", "",
  "patient abandoned the treatment after relapse and was lost to follow-up.", "Case 7 per narrative.")
# Table 3
T3 = [
    ("Table 3: group sizes", "blinatumomab n=4; CAR T-cell therapy n=3; all n=7", "(n=4) therapy patients (n=3) (n=7)"),
    ("Table 3: CR", "blinatumomab 2 (50%); CAR-T 3 (100%); all 5 (71.4%)", "CR 2 (50%) 3 (100%) 5 (71.4%)"),
    ("Table 3: CRS", "blinatumomab 2 (50%); CAR-T 3 (100%); all 5 (71.4%)", "CRS 2 (50%) 3 (100%) 5 (71.4%)"),
    ("Table 3: CRS grade 1", "blinatumomab 2 (50%); CAR-T 0; all 2 (28.6%)", "Gradel 2 (50%) 0 2(28.6%)"),
    ("Table 3: CRS grade 2", "blinatumomab 0; CAR-T 3 (100%); all 3 (42.9%)", "Grade2 0 3 (100%) 3 (42.9%)"),
    ("Table 3: CRS grade >3 [≥3]", "0; 0; 0", "Grade >3 0 0 0"),
    ("Table 3: ICANS", "blinatumomab 1 (25%); CAR-T 0; all 1 (14.3%)", "ICANS 1 (25%) 0 1 (14.3%)"),
    ("Table 3: immunotherapy-related infection", "blinatumomab 1 (25%); CAR-T 3 (100%); all 4 (57.1%)",
     "Immunotherapy- 1 (25%) 3 (100%) 4(57.1%) related infection"),
    ("Table 3: immunotherapy-related death", "0; 0; 0", "Immunotherapy- 0 0 0 related death"),
]
for it, val, sn in T3:
    f("", it, val, "patients (%)", "exact", sn, sn,
      "Table 3 columns: Blinatumomab (n=4), CAR T cell therapy (n=3), All patients (n=7). 'Gradel' = Grade 1."
      + (" CONFLICT with Discussion 'Four patients administered blinatumomab had no apparent infections.'" if "infection" in it else ""))
# Discussion, study-level
f("", "MRD-negative remission rate after CAR-T", "100", "%", "exact", "100%",
  "the MRD-negative remission rate was as high as 100% in the three patients who received CAR T-cell therapy.")
f("", "complete molecular remission after blinatumomab", "2 of 4", "patients", "exact", "Two of the other four",
  "Two of the other four children who received blinatumomab achieved complete molecular remission.")
f("", "CRS after blinatumomab", "2 of 4 grade 1 CRS; 1 (case 5) grade 3 ICANS", "", "", "",
  "Four children received blinatumomab infusion; two developed grade 1 CRS, and one with a history of leukoencephalopathy (case 5) developed grade 3 ICANS.")
f("", "hypogammaglobulinemia after CAR-T", "three CAR-T patients had hypogammaglobulinemia for up to approximately half a year", "", "approx", "approximately half a year",
  "three patients who received CAR T-cell treatment had hypogammaglobulinemia for up to approximately half a year")
f("", "infections during study period (CAR-T patients)", "two respiratory tract infections; one intestinal infection", "", "", "",
  "two patients had respiratory tract infections, and one experienced an intestinal infection during the study period.")
f("", "infections after HSCT", "all five children who underwent sequential HSCT were infected", "patients", "exact", "five",
  "After immunotherapy, five children who underwent sequential HSCT were infected.")
f("", "infection types/pathogens after HSCT",
  "upper respiratory tract infection, pneumonia, enteritis; CMV activation, EBV activation, HHV-5, HHV-6, adenovirus, Candida albicans, Pneumocystis jirovecii",
  "", "", "", "The infection includes upper respiratory tract infection, pneumonia, and enteritis. The pathogens involved were viruses (CMV activation, EBV activation, HHV-5, HHV-6, adenovirus), Candida albicans, and Pneumocystis jirovecii.")
f("", "relapse features", "two of three relapsed CD19 negative, one CD19 antigen reduction; two relapsed MLLr, one TP53 mutation", "", "", "",
  "two of the three relapsed patients in this study showed CD19 negative relapse, and one showed CD19 antigen reduction. Two relapsed children showed MLLr, and one had a TP53 mutation.")
# Background / literature numbers
LIT = [
    ("background: 5-year EFS childhood ALL", "85", "%", ">", "more than 85%",
     "The 5-year event-free survival rate for childhood acute lymphoblastic leukemia (ALL) has increased to more than 85%."),
    ("background: 5-year OS relapsed/refractory ALL", "50", "%", "≤", "did not exceed 50%",
     "the 5-year overall survival rate in children with relapsed/refractory ALL did not exceed 50%."),
    ("literature: Zhang et al. (18) Ph+ ALL in CR after anti-CD19 CAR-T", "14", "patients", "exact", "14",
     "Zhang et al. (18) revealed that 14 patients with Ph-positive ALL were in CR"),
    ("literature: UK/Ireland infants treated with blinatumomab (20)", "11", "infants", "exact", "11",
     "revealed that 11 infants with ALL were treated with one or two cycles of blinatumomab, and nine achieved MRD-negative CR."),
    ("literature: UK/Ireland infants MRD-negative CR (20)", "9", "infants", "exact", "nine",
     "revealed that 11 infants with ALL were treated with one or two cycles of blinatumomab, and nine achieved MRD-negative CR."),
    ("literature: Moskop et al. (21) response to anti-CD19 CAR-T in infants", "64", "%", "exact", "64%",
     "Moskop et al. (21) reported a 64% response rate to anti-CD19 CAR T-cell therapy in infants with B-ALL."),
    ("literature: ICANS with blinatumomab (26)", "15", "%", "approx", "Approximately 15%",
     "Approximately 15% of patients receiving blinatumomab treatment may develop ICANS"),
    ("literature: febrile infection peri-CAR-T by NGS (27)", "77.45", "%", "exact", "77.45%",
     "treatment using NGS detection was as high as 77.45%, of which viral infection was the most common."),
    ("literature: Schultz (30) 1-year cumulative recurrence after anti-CD19 CAR-T", "37", "%", "exact", "37%",
     "was as high as 37% (CD19 positive was 21%, CD19 negative was 16%)."),
    ("literature: Schultz (30) CD19-positive recurrence", "21", "%", "exact", "21%",
     "was as high as 37% (CD19 positive was 21%, CD19 negative was 16%)."),
    ("literature: Schultz (30) CD19-negative recurrence", "16", "%", "exact", "16%",
     "was as high as 37% (CD19 positive was 21%, CD19 negative was 16%)."),
    ("literature: relapse risk factor complex genetic profiles", "2", "mutations", ">", ">2 mutations",
     "complex genetic profiles (>2 mutations)"),
    ("literature: FDA approval of blinatumomab for BCP-ALL in morphological remission with MRD", "2018-03-29", "", "exact", "March 29, 2018",
     "by the U.S. Food and Drug Administration on March 29, 2018, for treating patients with B-cell precursor ALL in morphological remission with MRD (40)."),
]
for it, v, u, q, p, sn in LIT:
    f("", it, v, u, q, p, sn, "Background/literature number, not a result of this series.")

# --- Table 1 per case
T1 = {
    1: ("5.58", "F", "Highly complex mixed abnormal karyotype", "CNS1", "Late relapse", "CNS1",
        "1 5.58, F Highly complex mixed abnormal karyotype CNS1 Late relapse CNS1", "5.58"),
    2: ("2.75", "M", "TEL-AML1 fusion, 11q-", "CNS1", "Late relapse", "CNS3",
        "2 2.75, M TEL-AMLI fusion, 11q- CNS1 Late relapse CNS3", "2.75"),
    3: ("0.33", "F", "KMT2A rearrangement, KARS mutation", "CNS2", "Early relapse", "CNS1",
        "3 0.33, F KMT2A rearrangement, KARS mutation CNS2 Early relapse CNS1", "0.33"),
    4: ("7.92", "F", "TCF3-ZNF384 fusion", "CNS1", "Refractory", "/ (not applicable)",
        "4 792, F TCF3-ZNF384 fusion CNS1 Refractory /", "792"),
    5: ("4.17", "M", "BCR-ABL fusion", "CNS1", "Refractory", "/ (not applicable)",
        "5 417, M BCR-ABL fusion CNS1 Refractory /", "417"),
    6: ("0.4", "M", "KMT2A rearrangement", "CNS2", "Refractory", "/ (not applicable)",
        "6 0.4, M KMT2A rearrangement CNS2 Refractory /", "0.4"),
    7: ("11.83", "M", "KMT2A rearrangement, TP53 mutation", "CNS1", "Early relapse", "CNS1",
        "7 11.83, M KMT2A rearrangement, TP53 mutation CNS1 Early relapse CNS1", "11.83"),
}
for c, (age, sex, cyto, cnsdx, status, cnsrel, sn, agep) in T1.items():
    extra = {1: "", 2: " OCR: 'TEL-AMLI' = TEL-AML1.", 3: " 'KARS' printed as is (possibly KRAS; not corrected).",
             4: " OCR: '792' = 7.92 (decimal point lost; narrative: 7 years 11 months).",
             5: " OCR: '417' = 4.17 (decimal point lost; narrative: 4 years 2 months).", 6: "", 7: ""}[c]
    f(c, "Table 1: age at baseline", age, "years", "exact", agep, sn, "Table 1 'Age/year'." + (extra if c in (4, 5) else ""))
    f(c, "Table 1: sex", sex, "", "", sex, sn, "Table 1.")
    f(c, "Table 1: cytogenetics", cyto, "", "", cyto if c != 2 else "TEL-AMLI fusion, 11q-", sn, "Table 1." + (extra if c in (2, 3) else ""))
    f(c, "Table 1: CNS at diagnosis", cnsdx, "", "", cnsdx, sn, "Table 1.")
    f(c, "Table 1: disease status", status, "", "", status, sn, "Table 1.")
    f(c, "Table 1: CNS at relapse", cnsrel, "", "", cnsrel.split(" ")[0], sn, "Table 1.")

# --- Case 1
f(1, "age at presentation", "5 years 7 months", "", "exact", "5 years and 7 months",
  "Case 1: A girl aged 5 years and 7 months presented to the hospital with bone pain and decreased platelet count.")
f(1, "presenting features", "bone pain and decreased platelet count (no count printed)", "", "", "",
  "Case 1: A girl aged 5 years and 7 months presented to the hospital with bone pain and decreased platelet count.")
f(1, "diagnosis", "ALL (B line, intermediate risk)", "", "", "",
  "diagnosed with ALL (B line, subsequently underwent routine chemotherapy in accordance with was intermediate risk)",
  "OCR line order scrambled.")
f(1, "front-line chemotherapy", "CCLG-2008 regimen (11)", "", "", "", "the CCLG-2008 regimen (11)")
f(1, "bone marrow relapse", "37", "months after diagnosis", "exact", "37 months",
  "Unfortunately, bone marrow relapse occurred 37 months after diagnosis.")
f(1, "trial enrolment", "ChiCTR-OPN-16008526", "", "", "", "enrolled in a clinical trial (ChiCTR-OPN-16008526).")
f(1, "lymphodepletion", "FC regimen before infusion", "", "", "",
  "The FC regimen was used to remove lymphocyte chemotherapy before infusion, and then the patient received anti-CD19/anti-CD22 CAR T-cell cocktail treatment")
C1D = ("(day 0, anti-CD22 CAR T cells 1 x 106/kg; day 1, anti-CD22 CAR T cells 1x 10°kg and anti-CD19 CAR T cells 1 x 10%/kg; "
       "and day 2, anti-CD19 CAR T cells 1 x 10°/kg)")
f(1, "cocktail CAR-T dose: day 0 anti-CD22", "1", "x10^6 cells/kg", "exact", "1 x 106/kg", C1D, "OCR: '106/kg' = 10^6/kg. CAR-T clock day 0.")
f(1, "cocktail CAR-T dose: day 1 anti-CD22", "1", "x10^6 cells/kg", "exact", "1x 10°kg", C1D, "OCR: '10°kg' = 10^6/kg.")
f(1, "cocktail CAR-T dose: day 1 anti-CD19", "1", "x10^6 cells/kg", "exact", "1 x 10%/kg", C1D, "OCR: '10%/kg' = 10^6/kg.")
f(1, "cocktail CAR-T dose: day 2 anti-CD19", "1", "x10^6 cells/kg", "exact", "1 x 10°/kg", C1D, "OCR: '10°/kg' = 10^6/kg.")
f(1, "CAR T-cell expansion", "poor expansion of anti-CD19/anti-CD22 CAR T cells in peripheral blood (Figures 3A,B)", "", "", "",
  "poor expansion of anti-CD19/anti-CD22 CAR T cells in the patient’s peripheral blood was shown in Figures 3A,B.",
  "Figure values (ddPCR copy numbers) are not in the text.")
f(1, "CRS", "grade 2, on the fourth day after infusion", "", "", "Grade 2 CRS occurred on the fourth day after infusion",
  "Grade 2 CRS occurred on the fourth day after infusion, and the patient responded favorably to treatment with plasmapheresis and glucocorticoids.",
  "'fourth day after infusion': day 4 if counted from the day-0 infusion; the infusion spanned days 0-2, so the reference is ambiguous.")
f(1, "CRS treatment", "plasmapheresis and glucocorticoids", "", "", "",
  "responded favorably to treatment with plasmapheresis and glucocorticoids.")
f(1, "CR with MRD-negativity after CAR-T: time", "4", "weeks later", "exact", "4 weeks later",
  "She attained CR with MRD-negativity 4 weeks later, and the status persisted for 5 months.")
f(1, "CR duration before HSCT", "5", "months", "exact", "5 months",
  "She attained CR with MRD-negativity 4 weeks later, and the status persisted for 5 months.")
f(1, "HSCT timing", "173", "days after CAR T-cell treatment", "exact", "173 days",
  "haploidentical donor HSCT (pretreatment protocol: AC/BU/CY/ ATG) after 173 days of CAR T-cell treatment because of the poor expansion of CAR T cells.",
  "Discussion: 'followed by HSCT for approximately 6 months after infusion'.")
f(1, "HSCT timing (Discussion)", "6", "months after infusion", "approx", "approximately 6 months",
  "Case 1 was treated with anti-CD19/anti-CD22 CAR T-cell cocktail therapy in this study, followed by HSCT for approximately 6 months after infusion.")
f(1, "HSCT type / conditioning", "haploidentical donor HSCT; AC/BU/CY/ATG", "", "", "AC/BU/CY/ ATG",
  "The child underwent haploidentical donor HSCT (pretreatment protocol: AC/BU/CY/ ATG)")
f(1, "reason for HSCT", "poor expansion of CAR T cells", "", "", "", "because of the poor expansion of CAR T cells.")
f(1, "conditioning toxicity: mucosa", "WHO grade 2", "", "", "toxicity WHO grade 2",
  "She developed acute chemotherapeutic side effects in the mucosa (toxicity WHO grade 2) and skin (toxicity WHO grade 2).")
f(1, "conditioning toxicity: skin", "WHO grade 2", "", "", "toxicity WHO grade 2",
  "She developed acute chemotherapeutic side effects in the mucosa (toxicity WHO grade 2) and skin (toxicity WHO grade 2).")
f(1, "neutrophil engraftment", "10", "days after HSCT", "exact", "10 days", "Neutrophil engraftment was achieved 10 days after HSCT. Signs of mild acute GVHD",
  "HSCT clock; no counts printed.")
f(1, "acute GVHD (mild, grade I, skin): onset", "24", "day after HSCT", "exact", "day 24",
  "Signs of mild acute GVHD (grade I, skin) appeared on day 24 after the transplant.")
f(1, "lymph node enlargement with EBV activation: day after HSCT", "42", "day after HSCT", "exact", "day 42",
  "Lymph node enlargement with Epstein-Barr virus (EBV) activation occurred on day 42 after transplant")
f(1, "PTLD diagnosis", "lymph node biopsy: post-transplant lymphoproliferative disease (polymorphic)", "", "", "",
  "a lymph node biopsy revealed a pathological diagnosis of post-transplant lymphoproliferative ~ disease (polymorphic).")
f(1, "PTLD: prior treatment", "rituximab and immunosuppression reduction were ineffective", "", "", "",
  "after rituximab and immunosuppression reduction were ineffective.")
C1DD = "(day 1, anti-CD22 CAR T cells 1 x 10%/kg; day 2, anti-CD19 CAR T cells 1x 10%kg)"
f(1, "PTLD: donor-derived cocktail CAR-T dose day 1 anti-CD22", "1", "x10^6 cells/kg", "exact", "1 x 10%/kg",
  "She received donor-derived anti-CD19/anti-CD22 CAR T-cell cocktail treatment (day 1, anti-CD22 CAR T cells 1 x 10%/kg; day 2, anti-CD19 CAR T cells 1x 10%kg)",
  "OCR: '10%/kg' = 10^6/kg. Day numbering of the donor course printed as day 1 and day 2 (no day 0). Date relative to HSCT not printed.")
f(1, "PTLD: donor-derived cocktail CAR-T dose day 2 anti-CD19", "1", "x10^6 cells/kg", "exact", "1x 10%kg", C1DD, "OCR: '10%kg' = 10^6/kg.")
f(1, "PTLD outcome: fever", "gradually controlled", "", "", "", "Fever was gradually controlled, the lymph nodes were reduced, and the EBV- DNA test result returned negative.")
f(1, "PTLD outcome: lymph nodes", "reduced", "", "", "", "Fever was gradually controlled, the lymph nodes were reduced, and the EBV- DNA test result returned negative.")
f(1, "PTLD outcome: EBV-DNA", "returned negative", "", "", "", "Fever was gradually controlled, the lymph nodes were reduced, and the EBV- DNA test result returned negative.",
  "Qualitative laboratory result; no copy number printed.")
f(1, "post-HSCT infections", "recurrent upper respiratory tract infection, pneumonia, CMV, EBV, Pneumocystis jirovecii", "", "", "",
  "Following HSCT, the child developed recurrent upper respiratory tract infection, pneumonia, and infections caused by cytomegalovirus (CMV), EBV, and Pneumocystis jirovecii.")
f(1, "still hypogammaglobulinemia (Discussion): time", "2", "years after HSCT", "exact", "2 years",
  "the other patient underwent donor anti-CD19/anti- CD22 CAR T-cell cocktail therapy again after HSCT and still had hypogammaglobulinemia 2 years after HSCT.",
  "Identified as case 1 by the donor CAR-T.")
f(1, "outcome", "clinical remission at last follow-up", "", "", "", "She continued to achieve clinical remission at the last follow-up.")
f(1, "aGVHD (Discussion)", "grade I", "", "", "", "Case 1 was treated with anti-CD19/anti-CD22 CAR T-cell cocktail therapy in this study, followed by HSCT for approximately 6 months after infusion. The patient received donor anti-CD19/anti-CD22 CAR T cells due to PTLD. No evidence of high-grade CRS or ICANS, and aGVHD was grade I was observed.")

# --- Case 2
f(2, "age at presentation", "2 years 9 months", "", "exact", "2 years and 9 months",
  "Case 2: A boy aged 2 years and 9 months had a yellowish or pale skin tone")
f(2, "presenting features", "yellowish or pale skin tone", "", "", "", "Case 2: A boy aged 2 years and 9 months had a yellowish or pale skin tone")
f(2, "diagnosis", "ALL (B, intermediate-risk, TEL-AML1)", "", "", "", "was diagnosed with ALL (B, intermediate-risk, TEL- AML1)")
f(2, "front-line chemotherapy", "CCCG-ALL-2015 regimen (12)", "", "", "", "regular chemotherapy using the CCCG- ALL-2015 regimen (12).")
f(2, "relapse", "4.8", "years after initial diagnosis", "exact", "4.8 years",
  "Unfortunately, 4.8 years after the initial diagnosis, he experienced a relapse that manifested as bone marrow and central relapse (CNS3).")
f(2, "relapse site", "bone marrow and central (CNS3)", "", "", "", "manifested as bone marrow and central relapse (CNS3).")
f(2, "CNS treatment before CAR-T (Discussion)", "triple intrathecal chemotherapy; CNS remission", "", "", "",
  "the patient in case 2 had a combined central relapse (CNS3) and bone marrow relapse. After undergoing triple intrathecal chemotherapy, the patient achieved CNS remission and received CAR T-cell therapy and HSCT treatment.")
f(2, "trial enrolment", "NCT04888468", "", "", "", "he was enrolled in a clinical trial (NCT04888468).")
f(2, "lymphodepletion", "FC regimen before infusion", "", "", "",
  "lymphocyte chemotherapy before infusion; then, he received an infusion of autologous anti-CD19 CAR T cells")
f(2, "anti-CD19 CAR-T dose", "2.0", "x10^6 cells/kg", "exact", "2.0 x 10%/kg",
  "he received an infusion of autologous anti-CD19 CAR T cells (2.0 x 10%/kg infusion).", "OCR: '10%/kg' = 10^6/kg. Single dose, day 0.")
f(2, "CAR T-cell expansion", "expansion validated in peripheral blood (Figure 3C)", "", "", "",
  "The expansion of anti-CD19 CAR T cells was validated in the peripheral blood of the boy, as shown in Figure 3C.",
  "No copy numbers in text.")
f(2, "CRS", "grade 2 (fever and hypotension), 3 days after infusion", "", "", "3 days after infusion",
  "He developed grade 2 CRS (fever and hypotension) 3 days after infusion",
  "CAR-T infusion = day 0 -> day 3.")
f(2, "CRS treatment", "glucocorticoids and rehydration", "", "", "", "which was relieved after symptomatic treatment with glucocorticoids and rehydration.")
f(2, "peri-CAR-T infection", "rotavirus enteritis", "", "", "", "The patient developed rotavirus enteritis while receiving perioperative CAR T-cell therapy.")
f(2, "CR with MRD-negativity after CAR-T: time", "4", "weeks later", "exact", "Four weeks later",
  "Four weeks later, he achieved CR with MRD-negativity, which lasted 4")
f(2, "CR duration", "4", "months after infusion", "exact", "which lasted 4",
  "he achieved CR with MRD-negativity, which lasted 4",
  "OCR displaced: 'which lasted 4' is followed by the HSCT sentences and then 'months after infusion.' appears on its own line; read as 'which lasted 4 months after infusion'.")
f(2, "HSCT timing", "131", "days later", "exact", "131 days later",
  "He underwent haploidentical HSCT (pretreatment regimen: VP/BU/CY/ATG regimen) 131 days later.",
  "'131 days later' - reference point not explicit (most naturally after the CAR-T infusion).")
f(2, "HSCT type / conditioning", "haploidentical; VP/BU/CY/ATG", "", "", "", "(pretreatment regimen: VP/BU/CY/ATG regimen)")
f(2, "acute GVHD", "mild, grade I, skin", "", "", "", "He developed only mild acute GVHD (grade I, skin) after HSCT")
f(2, "post-HSCT infections", "multiple upper respiratory tract and lung infections; HHV-5B, HHV-6B, Candida albicans", "", "", "",
  "multiple upper respiratory tracts and lung infections caused by the human herpes virus HHV-5B and HHV-6B and Candida albicans.")
f(2, "bone marrow relapse after HSCT", "499", "days after HSCT", "approx", "approximately 499 days",
  "the patient experienced a bone marrow relapse approximately 499 days after HCST.",
  "'HCST' printed = HSCT. Discussion gives 'approximately 14 months after HSCT' (499 days ≈ 16.4 months) - discrepancy.")
f(2, "bone marrow relapse after HSCT (Discussion)", "14", "months after HSCT", "approx", "approximately 14 months",
  "the patient in case 2 had a combined central relapse (CNS3) and bone marrow relapse. After undergoing triple intrathecal chemotherapy, the patient achieved CNS remission and received CAR T-cell therapy and HSCT treatment. Unfortunately, approximately 14 months after HSCT, the patient experienced a bone marrow relapse.")
f(2, "immunoglobulin recovery (Discussion)", "recovered immune globulin 1 year after HSCT", "", "", "",
  "One patient who underwent anti-CD19 CAR T-cell therapy bridging HSCT recovered immune globulin 1 year after HSCT",
  "Only case 2 had anti-CD19 CAR-T bridging HSCT. Narrative says IgA was still <0.07 g/L at one year - partial conflict.")

# --- Case 3
f(3, "age at presentation", "4 months", "", "exact", "4-month-old", "Case 3: A 4-month-old girl with skin ecchymosis was brought to our hospital.")
f(3, "presenting features", "skin ecchymosis", "", "", "", "Case 3: A 4-month-old girl with skin ecchymosis was brought to our hospital.")
f(3, "diagnosis", "ALL (B, high-risk, CNS2, MLL-ENL)", "", "", "", "She was diagnosed with ALL (B, high-risk, CNS2, MLL-ENL)")
f(3, "front-line chemotherapy", "CCCG-ALL-2020 protocol", "", "", "", "with the CCCG-ALL-2020 protocol.")
f(3, "relapse", "bone marrow relapse during consolidation", "", "", "",
  "Unfortunately, the use of consolidation resulted in bone marrow treated in accordance relapse.", "OCR line order scrambled.")
f(3, "reinduction", "mitoxantrone reinduction; morphological CR with persistently positive MRD", "", "", "",
  "after receiving mitoxantrone reinduction therapy, she achieved morphological CR with persistently positive MRD.",
  "MRD value not printed.")
f(3, "reason for blinatumomab", "challenges in producing CAR T cells in infants and the safety of blinatumomab", "", "", "",
  "due to the challenges in producing CAR T cells in infants frontiersin.org TABLE 3", "Sentence split by Table 3; continues 'and the safety of blinatumomab.'")
C3B = "Blinatumomab (day 1, 5 pg/m’; day 2, 10 pg/m% and days 3 and 14, 15 pg/m?) was used to treat her for 2 weeks"
f(3, "blinatumomab dose day 1", "5", "µg/m2", "exact", "5 pg/m’", C3B, "OCR: 'pg/m’' = µg/m². Blinatumomab clock day 1 = first day.")
f(3, "blinatumomab dose day 2", "10", "µg/m2", "exact", "10 pg/m%", C3B, "OCR: 'pg/m%' = µg/m².")
f(3, "blinatumomab dose days 3 and 14", "15", "µg/m2", "exact", "15 pg/m?", C3B,
  "Printed 'days 3 and 14' (probably 'days 3-14' as in case 4, given the 2-week course; not corrected). OCR: 'pg/m?' = µg/m².")
f(3, "blinatumomab duration", "2", "weeks", "exact", "2 weeks", C3B)
f(3, "MRD turned negative: time after first blinatumomab infusion", "2", "weeks", "approx", "approximately 2 weeks",
  "and MRD. However, she turned negative approximately 2 weeks after the first infusion.",
  "Sentence garbled ('...without obvious CRS and ICANS, and MRD. However, she turned negative'). Qualitative; no MRD value printed.")
f(3, "HSCT timing", "41", "days later", "exact", "41 days later",
  "The child underwent haploidentical HSCT (pretreatment protocol: VP/ BU/CY/ATG) 41 days later.", "Reference point not explicit.")
f(3, "HSCT type / conditioning", "haploidentical; VP/BU/CY/ATG", "", "", "", "(pretreatment protocol: VP/ BU/CY/ATG)")
f(3, "peri-HSCT complications", "mucositis and infectious diarrhea; pathogens HHV6 and adenovirus", "", "", "",
  "During perioperative HSCT, the child experienced mucositis and infectious diarrhea. The pathogens involved were HHV6 and",
  "'adenovirus infections.' displaced to a later line.")
f(3, "neutrophil engraftment", "12", "days after HSCT", "exact", "12 days", "engraftment was achieved 12 days after HSCT.")
f(3, "CR with MRD-negativity after HSCT: time", "3", "weeks after HSCT", "approx", "Approximately 3 weeks",
  "Approximately 3 weeks after HSCT, the patient achieved CR with MRD-negativity. However, the child developed CMV")
f(3, "post-HSCT complications",
  "CMV and EBV activation; GVHD grade IV (skin, intestine); transplant-related thrombotic microangiopathy; severe pneumonia; respiratory distress syndrome; hemorrhagic cystitis; gastrointestinal bleeding",
  "", "", "", "the child developed CMV and EBV activation and had a variety of complications, including GVHD grade IV (skin, intestine),",
  "List continues over displaced OCR lines.")
f(3, "death of transplant-related complications: time", "90", "days after HSCT", "exact", "90 days",
  "complications 90 days after transplantation.", "Preceded (displaced) by 'The patient died of transplant-related'.")

# --- Case 4
f(4, "age at presentation", "7 years 11 months", "", "exact", "7 years and 11 months",
  "Case 4: A girl aged 7 years and 11 months with nasal bleeding and ecchymosis of both lower limbs")
f(4, "presenting features", "nasal bleeding and ecchymosis of both lower limbs", "", "", "",
  "Case 4: A girl aged 7 years and 11 months with nasal bleeding and ecchymosis of both lower limbs")
f(4, "diagnosis", "ALL (B series, intermediate risk)", "", "", "", "was diagnosed with ALL (B series, intermediate risk)")
f(4, "front-line chemotherapy", "CCCG-ALL-2020", "", "", "", "the patient underwent CCCG-ALL- 2020 chemotherapy.")
f(4, "disease status", "refractory (positive MRD 0.01% after consolidation)", "", "", "",
  "After consolidation therapy, her disease was considered refractory to ALL due to a positive MRD of 0.01%.")
f(4, "reason for blinatumomab", "family chose blinatumomab for financial reasons", "", "", "", "Her family chose blinatumomab for financial reasons.")
C4B = "She received blinatumomab treatment (day 1, 5 pg/m? day 2, 10 ug/m* and days 3-14, 15 pg/m®) for 2 weeks"
f(4, "blinatumomab dose day 1", "5", "µg/m2", "exact", "5 pg/m?", C4B, "OCR: 'pg/m?' = µg/m².")
f(4, "blinatumomab dose day 2", "10", "µg/m2", "exact", "10 ug/m*", C4B, "OCR: 'ug/m*' = µg/m².")
f(4, "blinatumomab dose days 3-14", "15", "µg/m2", "exact", "15 pg/m®", C4B, "OCR: 'pg/m®' = µg/m².")
f(4, "blinatumomab duration", "2", "weeks", "exact", "2 weeks", C4B)
f(4, "response after blinatumomab", "CR with a negative MRD", "", "", "", "After treatment, the patient achieved CR with a negative MRD.")
f(4, "HSCT type", "haploidentical (conditioning not printed)", "", "", "", "She subsequently underwent haploidentical HSCT,")
f(4, "peri-HSCT event", "ATG-related fever and rash", "", "", "",
  "during which the child was thought to develop an ATG-related fever and rash that were considered.")
f(4, "neutrophil engraftment", "10", "days after HSCT", "exact", "10 days",
  "achieved 10 days after HSCT. The child experienced grade 1 mucositis")
f(4, "post-HSCT complications", "grade 1 mucositis; CMV activation; hemorrhagic cystitis", "", "", "",
  "The child experienced grade 1 mucositis and suffered from CMV activation and hemorrhagic cystitis.")
f(4, "CR with MRD-negativity after HSCT: time", "3", "weeks after HSCT", "approx", "Approximately 3 weeks",
  "cystitis. Approximately 3 weeks after HSCT, the patient achieved CR with MRD-negativity. Furthermore")
f(4, "outcome", "alive at last follow-up", "", "", "", "Furthermore, the patient was still alive with no adverse events at the last follow-up.")

# --- Case 5
f(5, "age at presentation", "4 years 2 months", "", "exact", "4 years and 2 months",
  "Case 5: A boy aged 4 years and 2 months presented to our hospital with a fever.")
f(5, "presenting features", "fever", "", "", "", "Case 5: A boy aged 4 years and 2 months presented to our hospital with a fever.")
f(5, "diagnosis", "ALL (B series, intermediate-risk, BCR-ABL fusion)", "", "", "",
  "The patient was diagnosed with ALL (B intermediate-risk, BCR-ABL fusion)", "'series, according to the' displaced by OCR.")
f(5, "front-line therapy", "dasatinib and CCCG-ALL-2020 chemotherapy", "", "", "",
  "dasatinib treatment and chemotherapy with CCCG-ALL-2020, and the latter caused him to experience leukoencephalopathy.")
f(5, "prior toxicity", "leukoencephalopathy caused by CCCG-ALL-2020 chemotherapy", "", "", "",
  "dasatinib treatment and chemotherapy with CCCG-ALL-2020, and the latter caused him to experience leukoencephalopathy.")
f(5, "disease status", "refractory ALL (continuous positive BCR/ABL with upward trend)", "", "", "",
  "patient was diagnosed with refractory ALL after a continuous positive quantitative analysis of the BCR/ABL gene")
f(5, "reason for blinatumomab", "fewer adverse events than CAR T-cell therapy", "", "", "",
  "We recommend blinatumomab for inducing treatment because it has than that in CAR T-cell", "OCR line order scrambled ('fewer adverse events therapy.' displaced).")
C5B = "Blinatumomab treatment (day 1, 5 ug/m? days 2-3, 10 pg/m> and"
f(5, "blinatumomab dose day 1", "5", "µg/m2", "exact", "5 ug/m?", C5B, "OCR: 'ug/m?' = µg/m².")
f(5, "blinatumomab dose days 2-3", "10", "µg/m2", "exact", "10 pg/m>", C5B, "OCR: 'pg/m>' = µg/m².")
f(5, "blinatumomab dose day 4", "15", "µg/m2", "exact", "15 ug/m?", "day 4, 15 ug/m?) was a bridging therapy before HSCT treatment.",
  "OCR: 'ug/m?' = µg/m²; line separated from the rest of the schedule by a displaced line.")
f(5, "blinatumomab purpose", "bridging therapy before HSCT", "", "", "", "day 4, 15 ug/m?) was a bridging therapy before HSCT treatment.")
f(5, "ICANS event: seizure duration (on the fourth day of treatment)", "1", "min", "exact", "1 min",
  "On the fourth day of treatment, the patient experienced seizures lasting for 1 min.",
  "Blinatumomab clock: day 1 = first day -> fourth day = day 4.")
f(5, "ICANS management", "drug discontinuation and antiepileptic treatment; considered ICANS", "", "", "",
  "Symptoms were controlled following drug discontinuation and antiepileptic treatment. This was considered")
f(5, "ICANS grade (Discussion)", "3", "grade", "exact", "grade 3",
  "one with a history of leukoencephalopathy (case 5) developed grade 3 ICANS.")
f(5, "blinatumomab discontinued (Discussion)", "treatment discontinued because of ICANS", "", "", "",
  "the boy resistant to dasatinib Ph-positive ALL (case 5) was administered blinatumomab because of the previous leukoencephalopathy. Nevertheless, his treatment was discontinued because of ICANS.")
f(5, "HSCT type / conditioning", "haploidentical; VP/Bu/Cy/ATG", "", "", "", "HSCT VP/Bu/Cy/ATG), neutrophil engraftment was achieved 13 days following HSCT.",
  "'haploidentical (pre-protocol and' displaced by OCR.")
f(5, "neutrophil engraftment", "13", "days after HSCT", "exact", "13 days", "neutrophil engraftment was achieved 13 days following HSCT.")
f(5, "CR with MRD-negativity after HSCT: time", "3", "weeks after HSCT", "approx", "Approximately 3 weeks",
  "Approximately 3 weeks after HSCT, the patient achieved CR with MRD-negativity. He experienced CMV")
f(5, "CMV activation and hemorrhagic cystitis (grade 3): time", "43", "days after HSCT", "exact", "43 days",
  "He experienced CMV activation and hemorrhagic cystitis (grade 3) 43 days after HSCT")
f(5, "blood in stool (improper diet) followed by GVHD and TMA: time", "6", "months after HSCT", "exact", "6 months",
  "Blood was observed in the stool of the child due to improper diet 6 months after HSCT, which was followed by GVHD and TMA")
f(5, "late complication treatment", "anti-inflammatory and plasmapheresis treatment; improved", "", "", "",
  "which improved after anti-inflammatory and plasmapheresis treatment.")
f(5, "outcome", "alive at last follow-up", "", "", "", "The patient was alive with no adverse events until the last follow-up.")

# --- Case 6
f(6, "age at presentation", "3 months", "", "exact", "3-month-old", "Case 6: A 3-month-old male child presented to the hospital with a skin mass and a fever.")
f(6, "presenting features", "skin mass and fever", "", "", "", "Case 6: A 3-month-old male child presented to the hospital with a skin mass and a fever.")
f(6, "first diagnosis", "myeloid sarcoma by skin mass biopsy, one week after birth", "", "", "One week after birth",
  "One week after birth, he was diagnosed with myeloid sarcoma by biopsy of a skin mass")
IHC_SN = ("CD33 (+), CDI15 (+4), lysozyme (partial +), CD68 (+), CD123 (+), CD99 (+), CD117 (+), ERG (+), CD43 (+), "
          "CD34 (=), CD13 (=), TdT (-), MPO (-), CD3 (-), CD5 (-), CD7 (-)")
for mk, res, pr in [("CD33", "+", "CD33 (+)"), ("CD15", "+", "CDI15 (+4)"), ("lysozyme", "partial +", "lysozyme (partial +)"),
                    ("CD68", "+", "CD68 (+)"), ("CD123", "+", "CD123 (+)"), ("CD99", "+", "CD99 (+)"), ("CD117", "+", "CD117 (+)"),
                    ("ERG", "+", "ERG (+)"), ("CD43", "+", "CD43 (+)"), ("CD34", "-", "CD34 (=)"), ("CD13", "-", "CD13 (=)"),
                    ("TdT", "-", "TdT (-)"), ("MPO", "-", "MPO (-)"), ("CD3", "-", "CD3 (-)"), ("CD5", "-", "CD5 (-)"),
                    ("CD7", "-", "CD7 (-)")]:
    nt = "Skin mass immunohistochemistry (myeloid sarcoma), one week after birth."
    if pr != f"{mk} ({res})":
        nt += f" OCR reading: '{pr}' -> {mk} ({res})."
    f(6, f"skin mass IHC: {mk}", res, "", "", pr, IHC_SN, nt)
f(6, "bone marrow cellularity / PAS", "rich marrow; PAS-positive", "", "", "", "The bone marrow was rich, infiltrated by 95% blast cells and 1% POX staining, and it was PAS-positive.")
f(6, "FCM B-lineage population phenotype", "CD19+, cCD79 dim, CD38+, CD123+, CD9part+, CD24part+", "", "", "",
  "expressing some B-lineage markers (CD19+, cCD79 dim, CD38+, CD123+, CD9part+, CD24part+)")
f(6, "FCM myeloid population phenotype", "CD38, CD64, CD33, CD123dim, CD117, CD11b, CD15, CD13dim", "", "", "CDI11b",
  "express some markers (CD38, CD64, CD33, CD123dim, CD117, CDI11b, CD15, CD13dim)", "OCR: 'CDI11b' = CD11b.")
f(6, "diagnosis", "mixed-phenotype acute leukemia (MPAL) (B/M, MLL-AF10, CNS2)", "", "", "",
  "mixed-phenotype acute leukemia(MPAL) (B/M, MLL-AF10, CNS2).")
f(6, "MRD population phenotype (pre-blinatumomab)", "CD19, CD38, CD123dim, CD81dim positive; CD10, CD20, CD34, CD13, CD33, CD117 negative", "", "", "CDI117",
  "abnormal naive B- lymphocytes expressed CD19, CD38, CD123dim, and CD81dim but did not express CD10, CD20, CD34, CD13, CD33, and CDI117.",
  "OCR: 'CDI117' = CD117.")
f(6, "reason for blinatumomab", "CAR T-cell manufacturing difficult and time-consuming; blinatumomab to induce deep remission before HSCT", "", "", "",
  "CAR T-cell manufacturing is difficult and time-consuming; therefore, we")
C6B = "(day 1, 5 ug/m? day 2, 10 ug/m* and days 3-28, 15 pg/m?)"
f(6, "blinatumomab duration", "4", "weeks", "exact", "4 weeks", "Therefore, he received blinatumomab treatment 4 weeks (day 1, 5 ug/m? day 2, 10 ug/m* and days 3-28, 15 pg/m?).")
f(6, "blinatumomab dose day 1", "5", "µg/m2", "exact", "5 ug/m?", C6B, "OCR: 'ug/m?' = µg/m².")
f(6, "blinatumomab dose day 2", "10", "µg/m2", "exact", "10 ug/m*", C6B, "OCR: 'ug/m*' = µg/m².")
f(6, "blinatumomab dose days 3-28", "15", "µg/m2", "exact", "15 pg/m?", C6B, "OCR: 'pg/m?' = µg/m².")
f(6, "CRS", "grade 1 (fever), started on the second day of treatment", "", "", "the second day of treatment",
  "Grade 1 CRS (fever) started on the second day of treatment using blinatumomab and this was controlled by anti-inflammatory therapy with methylprednisolone.",
  "Blinatumomab clock day 1 = first day -> day 2.")
f(6, "CRS treatment", "anti-inflammatory therapy with methylprednisolone", "", "", "", "controlled by anti-inflammatory therapy with methylprednisolone.")
f(6, "bone marrow morphology after blinatumomab", "severely suppressed myeloid image", "", "", "",
  "Assessment of bone marrow morphology revealed a severely suppressed myeloid image with an MRD of 0.01% after treatment with blinatumomab.")
f(6, "post-blinatumomab chemotherapy", "medium-dose cytarabine 2 g/m2 q12h x3 days", "g/m2", "exact", "2 g/m®q12h*3d",
  "Medium-dose cytarabine (2 g/m®q12h*3d) chemotherapy was administered.", "OCR: 'm®' = m², '*3d' = x3 days.")
f(6, "head mass reappeared: time after blinatumomab", "1", "months", "approx", "approximately 1 month",
  "His head mass reappeared approximately 1 month after treatment with blinatumomab.")
f(6, "lineage transformation", "no CD19 expression, indicating a lineage transformation", "", "", "",
  "no expression of CD19, indicating a lineage transformation.")
f(6, "death of primary disease progression: time after blinatumomab", "2", "months", "exact", "2 months",
  "The child died of primary disease progression 2 months after treatment with blinatumomab.")

# --- Case 7
f(7, "age at presentation", "11 years 10 months", "", "exact", "11 years and 10 months",
  "Case 7: A boy aged 11 years and 10 months was presented to the hospital with cervical lymphadenopathy and an elevated leukocyte count.")
f(7, "presenting features", "cervical lymphadenopathy and an elevated leukocyte count (no count printed)", "", "", "",
  "Case 7: A boy aged 11 years and 10 months was presented to the hospital with cervical lymphadenopathy and an elevated leukocyte count.")
f(7, "diagnosis", "ALL (B, high-risk, MLL-AF17)", "", "", "", "The patient was diagnosed with ALL (B, high-risk, MLL- AF17)")
f(7, "front-line chemotherapy", "CCCG-ALL-2015 (12) regimen", "", "", "", "patient received chemotherapy with the CCCG-ALL-2015 (12) regimen.")
f(7, "complete relapse: time after diagnosis", "9", "months after diagnosis", "exact", "9 months",
  "The patient had a complete relapse 9 months after diagnosis.")
f(7, "reinduction regimen", "idarubicin, dexamethasone, Pegaspargase, vincristine", "", "", "",
  "(idarubicin, dexamethasone, Pegaspargase, vincristine).")
f(7, "trial enrolment", "NCT04888468", "", "", "", "the patient was enrolled in a clinical trial (NCT04888468).")
f(7, "anti-CD19 CAR-T dose", "0.6", "x10^6 cells/kg", "exact", "0.6 x 10°/kg",
  "the patient received anti-CD19 CAR T cells with 0.6 x 10°/kg.", "OCR: '10°/kg' read as 10^6/kg (superscript lost). Single dose, day 0.")
f(7, "CAR T-cell expansion", "shown in Figure 3D", "", "", "", "The expansion of anti-CD19 CAR T cells in the peripheral blood is shown in Figure 3D.")
f(7, "CRS", "grade 2 (fever, hypotension, hypoxia) on the seventh day after infusion", "", "", "the seventh day after infusion",
  "Grade 2 CRS (fever, hypotension, and hypoxia) occurred on the seventh day after infusion.", "CAR-T infusion = day 0 -> day 7.")
f(7, "CRS treatment", "glucocorticoids, rehydration, and oxygen therapy", "", "", "",
  "These symptoms were relieved with glucocorticoids, rehydration, and oxygen therapy.")
f(7, "post-CAR-T infections", "several upper respiratory tract infections", "", "", "",
  "The patient developed several upper respiratory tract infections following CAR T-cell treatment.")
f(7, "CR with MRD-negativity after CAR-T: duration", "3", "months", "exact", "3 months",
  "The patient achieved CR with MRD-negativity and maintained it for 3 months.")
f(7, "cervical lymphadenopathy reappeared: day after CAR-T infusion", "177", "day after CAR-T", "exact", "day 177",
  "cervical lymphadenopathy reappeared on day 177 following CAR T cell infusion.")
f(7, "outcome", "lost to follow-up after discontinuing treatment", "", "", "",
  "The family was lost to follow-up after discontinuing treatment.")
f(7, "HSCT recommendation (Discussion)", "HSCT recommended after CAR-T because of high-risk factors; not done (no suitable donor)", "", "", "",
  "we recommended HSCT after CAR T-cell treatment for case 7 with high-risk factors.")


def write(name, cols, rows):
    with open(os.path.join(OUT, name), "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        w.writerows(rows)
    print(name, len(rows))


write("measurements.csv", M_COLS, M)
write("absences.csv", A_COLS, A)
write("definitions.csv", D_COLS, D)
write("facts.csv", F_COLS, F)
