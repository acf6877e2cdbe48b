"""The thank-you's form: to which agency and team, what happened, whether it may be quoted,
and who sends it (the name stays on this PC and the advisor's hub; it never reaches the
committee)."""

from __future__ import annotations

from ...fields import Field, Section

# FROZEN codes: stored in records and sent to the committee.
AGENCIES = (("police", "Police"), ("health", "Mental health trust"),
            ("social_care", "Social care (AMHP service)"), ("ambulance", "Ambulance service"),
            ("other", "Another service"))
QUOTING = (("yes", "Yes, the committee may quote my words in its meeting pack"),
           ("no", "No: count it, but do not quote it"))
MAX_WORDS = 1000

SECTIONS = (
    Section("to", "1. Who you are thanking", (
        Field("agency", "Which service", "choice", AGENCIES, required=True,
              missing="Choose which service you are thanking."),
        Field("team", "Which team or shift", "text", required=True, max_length=120,
              missing="Say which team or shift, for example 'the night shift at Riverside "
                      "police station'."),
        Field("happened_at", "When it happened", "datetime", required=True),
        Field("site", "Where (site)", "site"),
    )),
    Section("what", "2. What they did", (
        Field("what", "What happened, in a few sentences", "textarea", required=True,
              max_length=MAX_WORDS,
              missing="Say what they did that you want to thank them for.",
              help="No patient's name, NHS number, date of birth or report reference: the "
                   "committee must not be able to tell who the patient was."),
    )),
    Section("quote", "3. Quoting", (
        Field("may_quote", "May the committee quote your words?", "choice", QUOTING,
              required=True, missing="Say whether your words may be quoted.",
              help="You can change your mind from My reports until the next meeting pack."),
    )),
    Section("from", "4. From", (
        Field("sender_name", "Your name", "text", required=True, max_length=120,
              missing="Give your name: it stays with the Trust and is never shown to the "
                      "committee.", print_label="From", person_name=True),
        Field("sender_role", "Your role or team", "text", max_length=120),
    )),
)

QUOTE_FIELDS: tuple[Field, ...] = (
    Field("may_quote", "May the committee quote your words?", "choice", QUOTING,
          required=True, missing="Choose whether your words may be quoted."),
)
