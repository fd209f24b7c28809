"""The new-campaign conversation: name → description → keywords → region → landing page → selling points → budget
→ confirm.

Each answer is validated and saved to the draft at once (so a restart or the admin sees it); a bad answer gets
the reason and the same question again. Every step after the first has Back (callback `back`) to the step before,
and Cancel; while one field is being edited from the summary, Back and Cancel both return to the summary. States
are strings so the database persistence can store them.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from accounts.budget import BudgetError, parse_budget
from accounts.models import TelegramUser
from campaigns.landing import LandingPage, saved
from campaigns.models import KeywordSource
from campaigns.services import drafts
from campaigns.services.drafts import DraftError
from campaigns.services.runs import QueueRefused, check_can_start
from semantic.errors import SemanticError
from semantic.regions import find_regions, region_by_id
from telegram_bot import callbacks as cb
from telegram_bot import keyboards, texts
from telegram_bot.context import BotContext
from telegram_bot.db import in_thread
from telegram_bot.handlers.common import answer_query, own_campaigns_only, show
from telegram_bot.services.campaigns import queue_from_chat, still_queued
from telegram_bot.services.landing import landing_page

NAME, DESCRIPTION, KEYWORDS, REGION, CITY, URL, BENEFITS, BUDGET, CONFIRM, EDIT, DRAFT = (
    "name",
    "description",
    "keywords",
    "region",
    "city",
    "url",
    "benefits",
    "budget",
    "confirm",
    "edit",
    "draft",
)
CONVERSATION_NAME = "new_campaign"
MAX_REGION_CHOICES = 6
KEYWORD_PREVIEW = 5
PAGE_FACTS_SHOWN = 3
EDIT_TARGETS = {
    "name": NAME,
    "description": DESCRIPTION,
    "keywords": KEYWORDS,
    "region": REGION,
    "url": URL,
    "benefits": BENEFITS,
    "budget": BUDGET,
}
# Where Back leads from each step (the first step has no Back, only Cancel).
PREVIOUS = {
    DESCRIPTION: NAME,
    KEYWORDS: DESCRIPTION,
    REGION: KEYWORDS,
    CITY: REGION,
    URL: REGION,
    BENEFITS: URL,
    BUDGET: BENEFITS,
    CONFIRM: BUDGET,
}


def _user_defaults(user_id: int) -> dict:
    return TelegramUser.objects.filter(pk=user_id).values("default_region_id", "default_budget").get()


async def _defaults(context: BotContext) -> dict:
    return await in_thread(_user_defaults)(context.user_pk)


def _draft_id(context: BotContext) -> int:
    return context.user_data["draft_id"]


def _editing(context: BotContext) -> bool:
    return bool(context.user_data.get("editing"))


async def ask(update: Update, context: BotContext, state: str, problem: str = "", note: str = "") -> str:
    """Send (or show in place) the question of `state`, after the problem with the last answer if any, or after a
    note on the answer just taken: one message per answer, as Telegram's send budget (about 30 a second for the
    whole bot) is shared by every chat."""
    language = context.access.language
    markup = keyboards.step(back=state != NAME or _editing(context))
    if state == NAME:
        question = _("Step 1 of 7. What is the campaign called? For example: “Sofas Moscow”.")
    elif state == DESCRIPTION:
        question = _(
            "Step 2 of 7. Describe the product or service: what you sell, to whom and why customers choose you. "
            "The ads are written from this."
        )
    elif state == KEYWORDS:
        question = _(
            "Step 3 of 7. Send the main keywords separated by commas or one per line, e.g. “buy sofa, corner sofa”.\n"
            "For combinations send word lists in brackets: [buy, order] [sofa, couch].\n"
            "Or attach a CSV, XLSX or TXT file exported from Wordstat."
        )
    elif state == REGION:
        question = (
            _("Step 4 of 7. Where should the ads be shown? Pick a region or type a city.")
            + "\n"
            + _(
                "Moscow or St Petersburg: the city, and phrases naming towns of its oblast stay yours; other cities "
                "are removed and become negative keywords. “… and oblast”: ads show in the oblast too. Russia: no city "
                "is removed."
            )
        )
        defaults = await _defaults(context)
        default_region = region_by_id(defaults["default_region_id"]) if defaults["default_region_id"] else None
        markup = keyboards.regions(language, default_region)
    elif state == CITY:
        question = _("Type the name of a city or region, e.g. Kazan.")
    elif state == URL:
        question = _(
            "Step 5 of 7. Send the address of the page the ads lead to, e.g. https://example.com/sofas.\n"
            "If your site does not let robots read it, attach the page saved from a browser (Save as… → HTML), here "
            "or right after the address."
        )
    elif state == BENEFITS:
        question = _(
            "Step 6 of 7. Why do customers choose you? Send selling points one per line, e.g. “Delivery in 1 day”, "
            "“10-year guarantee”: the ads repeat them. I can also take them from your site, or you can skip this."
        )
        markup = keyboards.benefits(offered=False)
    else:
        question = _("Step 7 of 7. What is the monthly budget in rubles? You can skip this step.")
        defaults = await _defaults(context)
        default_label = (
            _("Use my default: %(budget)s") % {"budget": texts.budget(defaults["default_budget"])}
            if defaults["default_budget"]
            else None
        )
        markup = keyboards.budget(default_label)
    text = f"⚠️ {problem}\n\n{question}" if problem else _after_note(note, question)
    if update.callback_query is not None and not problem:
        await show(update, text, markup)
    else:
        await update.effective_chat.send_message(text, reply_markup=markup)
    return state


def _after_note(note: str, text: str) -> str:
    return f"{note}\n\n{text}" if note else text


async def _after_answer(update: Update, context: BotContext, next_state: str, note: str = "") -> str:
    """The next question, or straight back to the summary when the user was editing one field; `note` (what was
    taken from the answer) heads it rather than costing a message of its own."""
    if context.user_data.pop("editing", False):
        return await show_summary(update, context, note=note)
    return await ask(update, context, next_state, note=note)


def page_lines(page: LandingPage | None) -> list[str]:
    """What the build will use from the landing page: its title (or heading) and first facts, or why it was not
    read."""
    if page is None:
        return []
    if page.warning:
        return [_("From the page: %(warning)s") % {"warning": page.warning}]
    lines = [_("From the page: %(title)s") % {"title": page.title or page.h1 or page.url}]
    lines += [f"· {fact.text}" for fact in page.facts[:PAGE_FACTS_SHOWN]]
    return lines


def summary_text(summary: drafts.CampaignSummary, page: LandingPage | None = None) -> str:
    if summary.keyword_source == KeywordSource.FILE:
        keywords = _("%(count)d phrases from the file") % {"count": len(summary.keywords)}
    else:
        preview = ", ".join(summary.keywords[:KEYWORD_PREVIEW])
        more = len(summary.keywords) - KEYWORD_PREVIEW
        keywords = preview + (_(" and %(count)d more") % {"count": more} if more > 0 else "")
    description = summary.product_description
    if len(description) > 200:
        description = description[:200] + "…"
    return "\n".join(
        [
            _("Check the campaign:"),
            "",
            _("Name: %(value)s") % {"value": summary.name},
            _("Product: %(value)s") % {"value": description},
            _("Keywords: %(value)s") % {"value": keywords},
            _("Region: %(value)s") % {"value": summary.region_name},
            _("Landing page: %(value)s") % {"value": summary.target_url},
            *page_lines(page),
            _("Selling points: %(value)s") % {"value": "; ".join(summary.benefits) or _("none")},
            _("Budget: %(value)s") % {"value": texts.budget(summary.budget)},
            _("Exact-frequency filter: %(value)s") % {"value": texts.min_exact_setting(summary.min_exact)},
        ]
    )


async def show_summary(update: Update, context: BotContext, problem: str = "", note: str = "") -> str:
    summary = await in_thread(drafts.summarize)(_draft_id(context), context.user_pk)
    page = await landing_page(summary.id, context.user_pk) if summary.target_url else None
    text = _after_note(note, summary_text(summary, page))
    if problem:
        text = f"⚠️ {problem}\n\n{text}"
    if update.callback_query is not None:
        await show(update, text, keyboards.confirmation())
    else:
        await update.effective_chat.send_message(text, reply_markup=keyboards.confirmation())
    return CONFIRM


async def _save(context: BotContext, **fields) -> None:
    await in_thread(drafts.update_draft)(_draft_id(context), context.user_pk, **fields)


# --- entry ---------------------------------------------------------------------------------------------------
async def _refused_at_start(update: Update, context: BotContext) -> bool:
    """The user's limits, checked before any question: True (and the reason shown) when a build would be refused."""
    try:
        await in_thread(check_can_start)(context.user_pk)
    except QueueRefused as refusal:
        context.user_data.clear()
        await show(update, f"⚠️ {refusal}", keyboards.main_menu())
        return True
    return False


async def new_campaign(update: Update, context: BotContext) -> str | int:
    await answer_query(update)
    if await _refused_at_start(update, context):
        return ConversationHandler.END
    unfinished = await in_thread(drafts.latest_draft)(context.user_pk)
    context.user_data.clear()
    if unfinished is not None and unfinished.name:
        context.user_data["draft_id"] = unfinished.id
        await show(
            update,
            _("You have an unfinished campaign “%(name)s”. Continue it or start again?") % {"name": unfinished.name},
            keyboards.draft_choice(),
        )
        return DRAFT
    if unfinished is not None:  # started but not even named: nothing to offer back
        await in_thread(drafts.discard_draft)(unfinished.id, context.user_pk)
    return await _start_new(update, context)


async def _start_new(update: Update, context: BotContext) -> str:
    draft = await in_thread(drafts.start_draft)(context.user_pk)
    context.user_data.clear()
    context.user_data["draft_id"] = draft.pk
    return await ask(update, context, NAME)


def _first_unanswered(summary: drafts.CampaignSummary) -> str | None:
    """The first required answer a draft lacks; None when only the summary is left."""
    for state, answered in (
        (NAME, summary.name),
        (DESCRIPTION, summary.product_description),
        (KEYWORDS, summary.keywords),
        (REGION, summary.geo_ids),
        (URL, summary.target_url),
    ):
        if not answered:
            return state
    return None


async def continue_draft(update: Update, context: BotContext) -> str:
    await answer_query(update)
    summary = await in_thread(drafts.summarize)(_draft_id(context), context.user_pk)
    state = _first_unanswered(summary)
    return await ask(update, context, state) if state else await show_summary(update, context)


async def discard_and_start(update: Update, context: BotContext) -> str:
    await answer_query(update)
    await in_thread(drafts.discard_draft)(_draft_id(context), context.user_pk)
    return await _start_new(update, context)


@own_campaigns_only
async def repeat_campaign(update: Update, context: BotContext) -> str | int:
    await answer_query(update)
    if await _refused_at_start(update, context):
        return ConversationHandler.END
    draft = await in_thread(_repeat)(context.user_pk, int(context.match.group(1)))
    context.user_data.clear()
    context.user_data["draft_id"] = draft.pk
    return await show_summary(update, context)


def _repeat(owner_id: int, campaign_id: int):
    from telegram_bot.services.campaigns import owned_campaign

    owned_campaign(owner_id, campaign_id)
    return drafts.repeat_campaign(campaign_id, owner_id)


# --- answers -------------------------------------------------------------------------------------------------
async def receive_name(update: Update, context: BotContext) -> str:
    try:
        name = drafts.validate_name(update.message.text)
    except DraftError as error:
        return await ask(update, context, NAME, str(error))
    await _save(context, name=name)
    return await _after_answer(update, context, DESCRIPTION)


async def receive_description(update: Update, context: BotContext) -> str:
    try:
        description = drafts.validate_description(update.message.text)
    except DraftError as error:
        return await ask(update, context, DESCRIPTION, str(error))
    await _save(context, product_description=description)
    return await _after_answer(update, context, KEYWORDS)


async def receive_keywords(update: Update, context: BotContext) -> str:
    try:
        phrases = drafts.parse_keywords(update.message.text)
    except DraftError as error:
        return await ask(update, context, KEYWORDS, str(error))
    await _save(context, base_keywords=phrases, keyword_source=KeywordSource.MANUAL)
    return await _after_answer(update, context, REGION, _("Got %(count)d keywords.") % {"count": len(phrases)})


async def receive_keyword_file(update: Update, context: BotContext) -> str:
    document = update.message.document
    filename = document.file_name or "keywords.txt"
    limit = settings.KEYWORD_FILE_MAX_BYTES
    if document.file_size and document.file_size > limit:  # refused before a byte is downloaded
        problem = _("The file is %(size)s MB; the limit is %(limit)s MB.") % {
            "size": round(document.file_size / 2**20, 1),
            "limit": round(limit / 2**20, 1),
        }
        message = _("The file “%(name)s”: %(error)s") % {"name": filename, "error": problem}
        return await ask(update, context, KEYWORDS, message)
    telegram_file = await document.get_file()
    content = bytes(await telegram_file.download_as_bytearray())
    try:
        phrases = await in_thread(drafts.attach_keywords_file)(_draft_id(context), context.user_pk, filename, content)
    except (DraftError, SemanticError) as error:
        return await ask(
            update, context, KEYWORDS, _("The file “%(name)s”: %(error)s") % {"name": filename, "error": error}
        )
    got = _("Got %(count)d keywords from “%(name)s”.") % {"count": len(phrases), "name": filename}
    return await _after_answer(update, context, REGION, got)


async def _choose_region(update: Update, context: BotContext, geo_id: int) -> str:
    region = region_by_id(geo_id)
    if region is None:
        return await ask(update, context, REGION, _("I do not know this region; pick one from the list."))
    await _save(context, geo_ids=[region.id])
    return await _after_answer(update, context, URL)


async def pick_region(update: Update, context: BotContext) -> str:
    await answer_query(update)
    return await _choose_region(update, context, int(context.match.group(1)))


async def ask_city(update: Update, context: BotContext) -> str:
    await answer_query(update)
    return await ask(update, context, CITY)


async def receive_city(update: Update, context: BotContext) -> str:
    typed = update.message.text.strip()
    found = find_regions(typed)
    if not found:
        return await ask(
            update,
            context,
            CITY,
            _("I could not find “%(name)s”. Check the spelling or pick from the list.") % {"name": typed},
        )
    language = context.access.language
    if len(found) == 1 or found[0].name(language).lower() == typed.lower() or found[0].name_ru.lower() == typed.lower():
        return await _choose_region(update, context, found[0].id)
    await update.effective_chat.send_message(
        _("Which one did you mean?"), reply_markup=keyboards.region_choices(found[:MAX_REGION_CHOICES], language)
    )
    return CITY


async def receive_url(update: Update, context: BotContext) -> str:
    try:
        url = drafts.validate_landing_url(update.message.text)
    except DraftError as error:
        return await ask(update, context, URL, str(error))
    await _save(context, target_url=url)
    return await _after_answer(update, context, BENEFITS)


async def receive_page_file(update: Update, context: BotContext) -> str:
    """A page saved from the user's site («Save as…»), for sites that refuse robots: it is read instead of the site."""
    document = update.message.document
    if document.file_size and document.file_size > saved.MAX_BYTES:
        return await ask(
            update, context, URL, _("The file is larger than %(size)d MB.") % {"size": saved.MAX_BYTES >> 20}
        )
    content = bytes(await (await document.get_file()).download_as_bytearray())
    try:
        page = await in_thread(drafts.attach_landing_file)(_draft_id(context), context.user_pk, content)
    except DraftError as error:
        return await ask(update, context, URL, str(error))
    note = _("Read the page from the file: %(title)s") % {"title": page.title or page.h1 or page.url}
    return await _after_answer(update, context, BENEFITS, note)


async def receive_benefits(update: Update, context: BotContext) -> str:
    try:
        benefits = drafts.parse_benefits(update.message.text)
    except DraftError as error:
        return await ask(update, context, BENEFITS, str(error))
    context.user_data.pop("offered_benefits", None)
    await _save(context, benefits=benefits)
    return await _after_answer(update, context, BUDGET)


async def benefits_from_site(update: Update, context: BotContext) -> str:
    """Read the landing page (in a thread, bounded by the reader's timeout) and offer its facts."""
    await answer_query(update)
    page = await landing_page(_draft_id(context), context.user_pk, fresh=True)
    offered = list(dict.fromkeys(fact.text for fact in page.facts))[: drafts.MAX_BENEFITS]
    if not offered:
        reason = page.warning or _("I found no delivery, payment, guarantee or similar facts on the page.")
        return await ask(update, context, BENEFITS, reason)
    context.user_data["offered_benefits"] = offered
    text = "\n".join(
        [
            _("On %(title)s I found:") % {"title": page.title or page.h1 or page.url},
            *(f"• {item}" for item in offered),
            "",
            _("Use these as selling points, or send your own one per line."),
        ]
    )
    await show(update, text, keyboards.benefits(offered=True))
    return BENEFITS


async def accept_benefits(update: Update, context: BotContext) -> str:
    await answer_query(update)
    offered = context.user_data.pop("offered_benefits", None)
    if not offered:
        return await ask(update, context, BENEFITS)
    await _save(context, benefits=offered)
    return await _after_answer(update, context, BUDGET)


async def skip_benefits(update: Update, context: BotContext) -> str:
    await answer_query(update)
    context.user_data.pop("offered_benefits", None)
    await _save(context, benefits=[])
    return await _after_answer(update, context, BUDGET)


async def receive_budget(update: Update, context: BotContext) -> str:
    try:
        budget = parse_budget(update.message.text)
    except BudgetError as error:
        return await ask(update, context, BUDGET, str(error))
    await _save(context, budget=budget)
    context.user_data.pop("editing", None)
    return await show_summary(update, context)


async def skip_budget(update: Update, context: BotContext) -> str:
    await answer_query(update)
    await _save(context, budget=None)
    context.user_data.pop("editing", None)
    return await show_summary(update, context)


async def default_budget(update: Update, context: BotContext) -> str:
    await answer_query(update)
    defaults = await _defaults(context)
    await _save(context, budget=defaults["default_budget"])
    context.user_data.pop("editing", None)
    return await show_summary(update, context)


# --- confirmation --------------------------------------------------------------------------------------------
async def confirm_create(update: Update, context: BotContext) -> str | int:
    query = update.callback_query
    await query.answer()
    draft_id = _draft_id(context)
    summary = await in_thread(drafts.summarize)(draft_id, context.user_pk)
    if not summary.keywords or not summary.target_url or not summary.name:
        return await show_summary(update, context, _("The campaign needs a name, keywords and a landing page."))
    try:
        run = await in_thread(queue_from_chat)(
            draft_id, context.user_pk, update.effective_chat.id, query.message.message_id
        )
    except QueueRefused as refusal:
        return await show_summary(update, context, str(refusal))
    # Said only once the run is queued, and only while no worker has taken it: from then on the worker edits this
    # message with its progress and result, which "queued" must not overwrite.
    if await in_thread(still_queued)(run.pk):
        await query.edit_message_text(texts.queued(summary.name), reply_markup=keyboards.stop_campaign(draft_id))
    context.user_data.clear()
    return ConversationHandler.END


async def edit_campaign(update: Update, context: BotContext) -> str:
    await answer_query(update)
    await show(update, _("What would you like to change?"), keyboards.edit_fields())
    return EDIT


async def edit_field(update: Update, context: BotContext) -> str:
    await answer_query(update)
    context.user_data["editing"] = True
    return await ask(update, context, EDIT_TARGETS[context.match.group(1)])


async def back_to_summary(update: Update, context: BotContext) -> str:
    await answer_query(update)
    context.user_data.pop("editing", None)
    return await show_summary(update, context)


def _back_from(state: str):
    """Back on `state`: the step before it, or the summary when the user came to edit this one field."""

    async def back(update: Update, context: BotContext) -> str:
        await answer_query(update)
        context.user_data.pop("offered_benefits", None)
        if context.user_data.pop("editing", False):
            return await show_summary(update, context)
        return await ask(update, context, PREVIOUS[state])

    return back


# --- leaving -------------------------------------------------------------------------------------------------
async def cancel(update: Update, context: BotContext) -> int | str:
    """Cancel discards the draft, except while one field is being edited: then it only drops that edit."""
    if _editing(context):
        return await back_to_summary(update, context)
    await answer_query(update)
    draft_id = context.user_data.get("draft_id")
    if draft_id:
        await in_thread(drafts.discard_draft)(draft_id, context.user_pk)
    context.user_data.clear()
    await show(update, _("Cancelled. The draft was discarded."), keyboards.main_menu())
    return ConversationHandler.END


async def use_buttons(update: Update, context: BotContext) -> str:
    """Anything typed where a button is expected: say so and show the same step again."""
    return await show_summary(update, context, _("Please use the buttons below."))


async def use_draft_buttons(update: Update, context: BotContext) -> str:
    await update.effective_chat.send_message(_("Please use the buttons below."), reply_markup=keyboards.draft_choice())
    return DRAFT


def _reask(state: str):
    async def reask(update: Update, context: BotContext) -> str:
        if update.callback_query is not None:
            await answer_query(update)
        return await ask(update, context, state, _("I expected something else here."))

    return reask


def register(app: Application) -> None:
    text = filters.TEXT & ~filters.COMMAND
    anything_else = filters.ALL & ~filters.COMMAND
    region_buttons = [
        CallbackQueryHandler(pick_region, pattern=cb.REGION_PATTERN),
        CallbackQueryHandler(ask_city, pattern=f"^{cb.REGION_TYPE_CITY}$"),
    ]

    def back(state: str) -> list:
        return [CallbackQueryHandler(_back_from(state), pattern=f"^{cb.BACK}$")]

    page_file = MessageHandler(filters.Document.ALL, receive_page_file)

    def step(state: str, handler) -> list:
        return [*back(state), MessageHandler(text, handler), MessageHandler(anything_else, _reask(state))]

    conversation = ConversationHandler(
        entry_points=[
            CommandHandler(["new", "new_campaign"], new_campaign),
            CallbackQueryHandler(new_campaign, pattern=f"^{cb.NEW_CAMPAIGN}$"),
            CallbackQueryHandler(repeat_campaign, pattern=cb.REPEAT_PATTERN),
        ],
        states={
            DRAFT: [
                CallbackQueryHandler(continue_draft, pattern=f"^{cb.DRAFT_CONTINUE}$"),
                CallbackQueryHandler(discard_and_start, pattern=f"^{cb.DRAFT_DISCARD}$"),
                MessageHandler(anything_else, use_draft_buttons),
            ],
            NAME: [CallbackQueryHandler(back_to_summary, pattern=f"^{cb.BACK}$"), *step(NAME, receive_name)[1:]],
            DESCRIPTION: step(DESCRIPTION, receive_description),
            KEYWORDS: [
                *back(KEYWORDS),
                MessageHandler(text, receive_keywords),
                MessageHandler(filters.Document.ALL, receive_keyword_file),
                MessageHandler(anything_else, _reask(KEYWORDS)),
            ],
            REGION: [*region_buttons, *step(REGION, receive_city)],
            CITY: [*region_buttons, *step(CITY, receive_city)],
            URL: [*back(URL), MessageHandler(text, receive_url), page_file, MessageHandler(anything_else, _reask(URL))],
            BENEFITS: [
                CallbackQueryHandler(benefits_from_site, pattern=f"^{cb.BENEFITS_FROM_SITE}$"),
                CallbackQueryHandler(accept_benefits, pattern=f"^{cb.ACCEPT_BENEFITS}$"),
                CallbackQueryHandler(skip_benefits, pattern=f"^{cb.SKIP_BENEFITS}$"),
                page_file,
                *step(BENEFITS, receive_benefits),
            ],
            BUDGET: [
                CallbackQueryHandler(skip_budget, pattern=f"^{cb.SKIP_BUDGET}$"),
                CallbackQueryHandler(default_budget, pattern=f"^{cb.USE_DEFAULT}$"),
                *step(BUDGET, receive_budget),
            ],
            CONFIRM: [
                CallbackQueryHandler(confirm_create, pattern=f"^{cb.CONFIRM_CREATE}$"),
                CallbackQueryHandler(edit_campaign, pattern=f"^{cb.EDIT_CAMPAIGN}$"),
                *back(CONFIRM),
                MessageHandler(anything_else, use_buttons),
            ],
            EDIT: [
                CallbackQueryHandler(edit_field, pattern=cb.EDIT_FIELD_PATTERN),
                CallbackQueryHandler(back_to_summary, pattern=f"^{cb.BACK}$"),
                MessageHandler(anything_else, use_buttons),
            ],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            CallbackQueryHandler(cancel, pattern=f"^{cb.CANCEL_CAMPAIGN}$"),
        ],
        name=CONVERSATION_NAME,
        persistent=True,
        allow_reentry=True,
    )
    app.add_handler(conversation)
