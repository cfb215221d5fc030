/*  counter-format.c — see counter-format.h. */
#include "counter-format.h"
#include "day.h"
#include "i18n.h"
#include "journey.h"

#include <glib/gstdio.h>
#include <string.h>

char *
counter_format_duration (gint64 seconds)
{
    if (seconds < 0)
        return g_strdup ("—");
    if (seconds >= 3600)
        return g_strdup_printf (_("%d小时%02d分"), (int) (seconds / 3600), (int) (seconds % 3600 / 60));
    return g_strdup_printf (_("%d分%02d秒"), (int) (seconds / 60), (int) (seconds % 60));
}

const char *
counter_category_name (json_t *category, const char *code)
{
    /* The English catalogue translates this field name to "name_en". */
    const char *field = C_("category name field", "name");
    const char *name = json_string_value (json_object_get (category, field));
    if (!name || !*name)
        name = json_string_value (json_object_get (category, "name"));
    return name ? name : code ? code : "?";
}

/* What each step of a ticket's history is called on the desk. */
static const char *
s_step_name (const char *type)
{
    static const struct { const char *type; const char *name; } steps[] = {
        { "ticket.issued", N_("取号") },        { "ticket.called", N_("呼叫") },
        { "ticket.recalled", N_("再次呼叫") },      { "ticket.started", N_("开始办理") },
        { "ticket.finished", N_("办结") },      { "ticket.noshow", N_("过号") },
        { "ticket.requeued", N_("重新排队") },  { "ticket.transferred", N_("转出") },
        { "ticket.cancelled", N_("取消排队") },     { "ticket.expired", N_("当日未办，作废") },
        { "rating.given", N_("评价") },         { "rating.defaulted", N_("默认好评") },
        { "case.opened", N_("差评立案") },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (steps); i++)
        if (g_strcmp0 (steps[i].type, type) == 0)
            return _(steps[i].name);
    return type;
}

static const char *
s_state_name (const char *state)
{
    static const struct { const char *state; const char *name; } states[] = {
        { "waiting", N_("等候中") }, { "called", N_("已呼叫") }, { "serving", N_("办理中") },
        { "finished", N_("已办结") }, { "noshow", N_("过号") }, { "cancelled", N_("已取消") },
        { "expired", N_("已作废") },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (states); i++)
        if (g_strcmp0 (states[i].state, state) == 0)
            return _(states[i].name);
    return state ? state : "?";
}

char *
counter_find_text (json_t *result, json_t *categories, const char *tzid)
{
    json_t *ticket = json_object_get (result, "ticket");
    const char *code = json_string_value (json_object_get (ticket, "category"));
    json_t *category = NULL;
    size_t i;
    json_t *item;
    json_array_foreach (categories, i, item)
        if (g_strcmp0 (json_string_value (json_object_get (item, "code")), code) == 0)
            category = item;
    GString *text = g_string_new (NULL);
    g_string_append_printf (text, "%s · %s · %s\n",
                            json_string_value (json_object_get (ticket, "number")),
                            counter_category_name (category, code),
                            s_state_name (json_string_value (json_object_get (ticket, "state"))));
    g_autofree char *waited = counter_format_duration (json_integer_value (json_object_get (result, "waited")));
    g_string_append_printf (text, _("等候 %s"), waited);
    json_t *served = json_object_get (result, "served");
    if (json_is_integer (served)) {
        g_autofree char *took = counter_format_duration (json_integer_value (served));
        g_string_append (text, " · ");
        g_string_append_printf (text, _("办理 %s"), took);
    }
    json_array_foreach (json_object_get (result, "history"), i, item) {
        g_autofree char *at = hall_day_format (json_integer_value (json_object_get (item, "time")), tzid, "%H:%M");
        g_string_append_printf (text, "\n%s  %s", at,
                                s_step_name (json_string_value (json_object_get (item, "type"))));
        json_t *window = json_object_get (item, "window");
        if (json_is_integer (window))
            g_string_append_printf (text, _("  %d号窗口"), (int) json_integer_value (window));
        json_t *detail = json_object_get (item, "detail");
        json_t *to_window = json_object_get (detail, "to_window");
        const char *to_category = json_string_value (json_object_get (detail, "to_category"));
        if (json_is_integer (to_window))
            g_string_append_printf (text, _(" → %d号窗口"), (int) json_integer_value (to_window));
        else if (to_category) {
            json_t *target = NULL, *each;
            size_t j;
            json_array_foreach (categories, j, each)
                if (g_strcmp0 (json_string_value (json_object_get (each, "code")), to_category) == 0)
                    target = each;
            g_string_append_printf (text, " → %s", counter_category_name (target, to_category));
        }
    }
    return g_string_free (text, FALSE);
}

/* ---- journeys (一件事) ----------------------------------------------------- */

static json_t *
s_category (json_t *categories, const char *code)
{
    size_t i;
    json_t *item;
    json_array_foreach (categories, i, item)
        if (g_strcmp0 (json_string_value (json_object_get (item, "code")), code) == 0)
            return item;
    return NULL;
}

/* The journey object of TICKET, or NULL for a ticket with none. */
static json_t *
s_journey (json_t *ticket)
{
    json_t *journey = json_object_get (ticket, "journey");
    return json_is_object (journey) ? journey : NULL;
}

/* The name of step INDEX of JOURNEY (a ticket's or the hall's). */
static const char *
s_journey_step (json_t *journey, int index, json_t *categories)
{
    json_t *step = json_array_get (json_object_get (journey, "steps"), (size_t) MAX (index, 0));
    const char *code = json_string_value (json_object_get (step, "category"));
    return counter_category_name (s_category (categories, code), code);
}

const char *
counter_journey_step_name (json_t *ticket, int index, json_t *categories)
{
    return s_journey_step (s_journey (ticket), index, categories);
}

char *
counter_journey_text (json_t *ticket, json_t *categories)
{
    json_t *journey = s_journey (ticket);
    if (!journey)
        return NULL;
    /* The English catalogue translates this marker to "en". */
    gboolean english = g_strcmp0 (C_("journey text language", "zh"), "en") == 0;
    json_t *current = json_object_get (journey, "current");
    const char *name = json_is_integer (current)
        ? counter_journey_step_name (ticket, (int) json_integer_value (current), categories) : NULL;
    return hall_journey_text (journey, name, english);
}

char *
counter_journey_mark (json_t *ticket)
{
    json_t *journey = s_journey (ticket);
    if (!journey)
        return NULL;
    return g_strdup_printf (_("一件事 %d/%d"), (int) json_integer_value (json_object_get (journey, "step")),
                            (int) json_integer_value (json_object_get (journey, "of")));
}

char *
counter_journey_steps_markup (json_t *journey, json_t *categories)
{
    if (!json_is_object (journey))
        return NULL;
    GString *markup = g_string_new (NULL);
    int stage = 0;
    size_t i;
    json_t *step;
    json_array_foreach (json_object_get (journey, "steps"), i, step) {
        int this_stage = (int) json_integer_value (json_object_get (step, "stage"));
        if (i > 0)
            g_string_append (markup, this_stage != stage ? "  ›  " : " · ");
        stage = this_stage;
        const char *state = json_string_value (json_object_get (step, "state"));
        g_autofree char *name = g_markup_escape_text (s_journey_step (journey, (int) i, categories), -1);
        const char *optional = json_is_true (json_object_get (step, "optional")) ? _("（可选）") : "";
        if (g_strcmp0 (state, "done") == 0)
            g_string_append_printf (markup, "<span foreground=\"#2e7d32\">✓ %s</span>", name);
        else if (g_strcmp0 (state, "current") == 0)
            g_string_append_printf (markup, "<b>▶ %s%s</b>", name, optional);
        else if (g_strcmp0 (state, "skipped") == 0)
            g_string_append_printf (markup, "<span foreground=\"#78909c\"><s>%s</s>%s</span>", name, _("（跳过）"));
        else if (g_strcmp0 (state, "dropped") == 0)
            g_string_append_printf (markup, "<span foreground=\"#78909c\"><s>%s</s></span>", name);
        else
            g_string_append_printf (markup, "%s%s", name, optional);
    }
    return g_string_free (markup, FALSE);
}

char *
counter_journey_helper (json_t *ticket)
{
    json_t *helper = json_object_get (s_journey (ticket), "helper");
    const char *name = json_string_value (json_object_get (helper, "name"));
    const char *id = json_string_value (json_object_get (helper, "id"));
    if (!id)
        return NULL;
    return g_strdup_printf (_("%s（%s）"), name ? name : "", id);
}

/* ---- 办件编号 (好差评 by 办件) ---------------------------------------------- */

/* A journey step's index, or -1 for none (a ticket's journey "current",
 * a matter's "step": null outside journeys). */
static int
s_step_index (json_t *value)
{
    return json_is_integer (value) ? (int) json_integer_value (value) : -1;
}

char **
counter_visit_matters (json_t *ticket)
{
    int step = s_step_index (json_object_get (s_journey (ticket), "current"));
    GPtrArray *numbers = g_ptr_array_new ();
    size_t i;
    json_t *matter;
    json_array_foreach (json_object_get (ticket, "matters"), i, matter) {
        const char *number = json_string_value (json_object_get (matter, "number"));
        if (number && s_step_index (json_object_get (matter, "step")) == step)
            g_ptr_array_add (numbers, g_strdup (number));
    }
    g_ptr_array_add (numbers, NULL);
    return (char **) g_ptr_array_free (numbers, FALSE);
}

gboolean
counter_matter_missing (json_t *ticket, json_t *category)
{
    if (!ticket || !json_is_true (json_object_get (category, "matter_required")))
        return FALSE;
    g_auto (GStrv) numbers = counter_visit_matters (ticket);
    return numbers[0] == NULL;
}

/* ---- 我的差评 ------------------------------------------------------------ */

const char *
counter_case_state_name (const char *state)
{
    static const struct { const char *state; const char *name; } names[] = {
        { "open", N_("待联系") },          { "contacted", N_("已联系，待整改") },
        { "rectified", N_("已整改，待回访") }, { "revisited", N_("已回访，待评价") },
        { "verdict", N_("已回访") },        { "closed", N_("已结案") },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (names); i++)
        if (g_strcmp0 (state, names[i].state) == 0)
            return _(names[i].name);
    return state ? state : "?";
}

const char *
counter_case_appeal_name (json_t *appeal)
{
    const char *state = json_string_value (json_object_get (appeal, "state"));
    if (g_strcmp0 (state, "pending") == 0)  return _("申诉中");
    if (g_strcmp0 (state, "accepted") == 0) return _("申诉成立");
    if (g_strcmp0 (state, "rejected") == 0) return _("申诉未成立");
    return "";
}

/* The five levels of 好差评 (docs/PROTOCOL.md, rate). */
static const char *
s_level_name (json_int_t level)
{
    static const char *const names[] = { N_("非常不满意"), N_("不满意"), N_("基本满意"),
                                         N_("满意"), N_("非常满意") };
    return level >= 1 && level <= 5 ? _(names[level - 1]) : "?";
}

/* Reason CODE's name from rating.reasons' RESULT (in the UI language), or
 * the code. */
static const char *
s_reason_name (json_t *reasons, const char *code)
{
    const char *field = C_("category name field", "name");
    size_t i, j;
    json_t *dimension, *reason;
    json_array_foreach (json_object_get (reasons, "dimensions"), i, dimension)
        json_array_foreach (json_object_get (dimension, "reasons"), j, reason)
            if (g_strcmp0 (json_string_value (json_object_get (reason, "code")), code) == 0) {
                const char *name = json_string_value (json_object_get (reason, field));
                if (!name || !*name)
                    name = json_string_value (json_object_get (reason, "name"));
                return name ? name : code;
            }
    return code;
}

void
counter_case_lines (json_t *kase, json_t *categories, json_t *reasons,
                    char **title, char **rating_line, char **text, char **state)
{
    const char *code = json_string_value (json_object_get (kase, "category"));
    *title = g_strdup_printf ("%s %s · %s", json_string_value (json_object_get (kase, "day")) ?: "",
                              json_string_value (json_object_get (kase, "number")) ?: "",
                              counter_category_name (s_category (categories, code), code));

    json_t *rating = json_object_get (kase, "rating");
    GString *line = g_string_new (NULL);
    if (json_is_object (rating)) {
        g_string_append (line, s_level_name (json_integer_value (json_object_get (rating, "level"))));
        size_t i;
        json_t *reason;
        json_array_foreach (json_object_get (rating, "reasons"), i, reason)
            g_string_append_printf (line, "%s%s", i == 0 ? " · " : _("、"),
                                    s_reason_name (reasons, json_string_value (reason)));
    }
    else
        g_string_append (line, _("办不成事反映"));
    *rating_line = g_string_free (line, FALSE);

    const char *words = json_string_value (json_object_get (rating, "text"));
    *text = words && *words ? g_strdup_printf (_("群众留言：%s"), words) : NULL;

    const char *appeal = counter_case_appeal_name (json_object_get (kase, "appeal"));
    *state = *appeal ? g_strdup_printf ("%s · %s", counter_case_state_name (
                                            json_string_value (json_object_get (kase, "state"))), appeal)
                     : g_strdup (counter_case_state_name (json_string_value (json_object_get (kase, "state"))));
}

gboolean
counter_case_can_appeal (json_t *kase)
{
    return g_strcmp0 (json_string_value (json_object_get (kase, "kind")), "rating") == 0
           && g_strcmp0 (json_string_value (json_object_get (kase, "state")), "closed") != 0
           && !json_is_object (json_object_get (kase, "appeal"));
}

static gboolean
s_has_suffix (const char *name, const char *const *suffixes)
{
    g_autofree char *lower = g_ascii_strdown (name, -1);
    for (size_t i = 0; suffixes[i]; i++)
        if (g_str_has_suffix (lower, suffixes[i]))
            return TRUE;
    return FALSE;
}

/* The content decides the type, and the name must agree: a renamed file
 * is refused before it is sent (the server checks the declared type's
 * list only). */
static const char *
s_evidence_type (const char *name, const guchar *data, gsize size)
{
    static const char *const png[] = { ".png", NULL }, *const jpeg[] = { ".jpg", ".jpeg", NULL },
                      *const pdf[] = { ".pdf", NULL }, *const text[] = { ".txt", ".text", NULL };
    if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0 && s_has_suffix (name, png))
        return "image/png";
    if (size >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0 && s_has_suffix (name, jpeg))
        return "image/jpeg";
    if (size >= 5 && memcmp (data, "%PDF-", 5) == 0 && s_has_suffix (name, pdf))
        return "application/pdf";
    if (s_has_suffix (name, text) && g_utf8_validate ((const char *) data, (gssize) size, NULL)
        && !memchr (data, 0, size))
        return "text/plain";
    return NULL;
}

counter_evidence_t *
counter_evidence_read (const char *path, char **why)
{
    *why = NULL;
    g_autofree char *name = g_path_get_basename (path);
    GStatBuf st;
    if (g_stat (path, &st) != 0) {
        *why = g_strdup (_("无法读取文件"));
        return NULL;
    }
    if (st.st_size > COUNTER_EVIDENCE_MAX) {
        *why = g_strdup_printf (_("文件过大（%.1f MB），证据材料最大 2 MB"), st.st_size / 1048576.0);
        return NULL;
    }
    g_autofree char *data = NULL;
    gsize size = 0;
    if (!g_file_get_contents (path, &data, &size, NULL)) {
        *why = g_strdup (_("无法读取文件"));
        return NULL;
    }
    if (size == 0) {
        *why = g_strdup (_("文件是空的"));
        return NULL;
    }
    if (size > COUNTER_EVIDENCE_MAX) {
        *why = g_strdup_printf (_("文件过大（%.1f MB），证据材料最大 2 MB"), size / 1048576.0);
        return NULL;
    }
    if (strlen (name) > 128 || strchr (name, '/')) {
        *why = g_strdup (_("文件名过长"));
        return NULL;
    }
    const char *type = s_evidence_type (name, (const guchar *) data, size);
    if (!type) {
        *why = g_strdup (_("只能上传 PNG、JPEG 图片，PDF 或文本文件"));
        return NULL;
    }
    counter_evidence_t *evidence = g_new0 (counter_evidence_t, 1);
    evidence->name = g_steal_pointer (&name);
    evidence->type = type;
    evidence->data = g_bytes_new_take (g_steal_pointer (&data), size);
    return evidence;
}

void
counter_evidence_free (counter_evidence_t *evidence)
{
    if (!evidence)
        return;
    g_free (evidence->name);
    g_bytes_unref (evidence->data);
    g_free (evidence);
}

/* ---- desk actions that forgive a slip ----------------------------------- */

gboolean
counter_noshow_ready (json_t *hall, gint64 called, int recalls, gint64 now, char **why)
{
    gint64 after = json_integer_value (json_object_get (hall, "noshow_after"));
    int needed = (int) json_integer_value (json_object_get (hall, "noshow_recalls"));
    gint64 left = called + after - now;
    gboolean ready = (after <= 0 && needed <= 0) || (after > 0 && left <= 0) || (needed > 0 && recalls >= needed);
    if (why)
        *why = NULL;
    if (ready || !why)
        return ready;
    if (after > 0 && needed > 0)
        *why = g_strdup_printf (_("叫号 %d 秒后或重呼 %d 次后可记过号（还需 %d 秒）"),
                                (int) after, needed, (int) left);
    else if (after > 0)
        *why = g_strdup_printf (_("叫号 %d 秒后可记过号（还需 %d 秒）"), (int) after, (int) left);
    else
        *why = g_strdup_printf (_("重呼 %d 次后可记过号（还需重呼 %d 次）"), needed, needed - recalls);
    return FALSE;
}

char *
counter_noshow_summary (json_t *hall, json_t *ticket)
{
    const char *number = json_string_value (json_object_get (ticket, "number")) ?: "—";
    if (g_strcmp0 (json_string_value (json_object_get (hall, "missed_policy")), "strict") == 0)
        return g_strdup_printf (_("%s 将记为过号。过号作废，需重新取号"), number);
    int left = (int) (json_integer_value (json_object_get (hall, "requeue_max"))
                      - json_integer_value (json_object_get (ticket, "requeues")));
    if (left <= 0)
        return g_strdup_printf (_("%s 将记为过号。今日重新排队次数已用完，需重新取号"), number);
    return g_strdup_printf (_("%s 将记为过号。访客可到服务台重新排队（今日还可 %d 次）"), number, left);
}
