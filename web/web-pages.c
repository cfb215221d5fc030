/*  web-pages.c — see web-pages.h. */
#define G_LOG_DOMAIN "hall-web"
#include "web-pages.h"
#include "catalogue.h"
#include "estimate.h"
#include "journey.h"
#include "protocol.h"
#include "ticket-text.h"

#include <string.h>

#ifndef N_
#define N_(text) (text)
#endif

static hall_catalogue_t *s_english;

void
web_text_init (const char *argv0)
{
    web_text_shutdown ();
    s_english = hall_catalogue_load ("hall-web", "en", argv0);
}

void
web_text_shutdown (void)
{
    g_clear_pointer (&s_english, hall_catalogue_free);
}

const char *
web_tr (web_lang_t lang, const char *msgid)
{
    return lang == WEB_EN ? hall_catalogue_tr (s_english, msgid) : msgid;
}

static const char *s_tr_zh (const char *msgid) { return msgid; }
static const char *s_tr_en (const char *msgid) { return hall_catalogue_tr (s_english, msgid); }

static hall_text_tr_fn
s_tr_fn (web_lang_t lang)
{
    return lang == WEB_EN ? s_tr_en : s_tr_zh;
}

static const char *
s_str (json_t *object, const char *key)
{
    const char *value = json_string_value (json_object_get (object, key));
    return value ? value : "";
}

/* ---- the view's texts -------------------------------------------------------- */

static const char *
s_state_text (const char *state)
{
    static const struct { const char *state, *text; } texts[] = {
        { "waiting", N_("排队等候中") }, { "called", N_("已叫号") }, { "serving", N_("正在办理") },
        { "finished", N_("已办结") }, { "noshow", N_("已过号") }, { "cancelled", N_("已取消") },
        { "expired", N_("已过期") },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (texts); i++)
        if (g_strcmp0 (state, texts[i].state) == 0)
            return texts[i].text;
    return "";
}

static const char *
s_name (json_t *object, web_lang_t lang)
{
    return lang == WEB_EN && *s_str (object, "name_en") ? s_str (object, "name_en") : s_str (object, "name");
}

/* "→ 3号窗口": where the current step is done now — the window that
 * called the ticket, else the windows open for its category. */
static char *
s_journey_go (json_t *view, web_lang_t lang)
{
    const char *state = s_str (view, "state");
    json_t *window = json_object_get (view, "window");
    GString *list = g_string_new (NULL);
    if ((strcmp (state, "called") == 0 || strcmp (state, "serving") == 0) && json_is_integer (window))
        g_string_append_printf (list, "%d", (int) json_integer_value (window));
    else if (strcmp (state, "waiting") == 0) {
        size_t i;
        json_t *w;
        json_array_foreach (json_object_get (view, "windows"), i, w)
            g_string_append_printf (list, "%s%d", i ? (lang == WEB_EN ? ", " : "、") : "", (int) json_integer_value (w));
        if (list->len == 0) {
            g_string_free (list, TRUE);
            return g_strdup (web_tr (lang, N_("→ 暂无窗口办理")));
        }
    } else {
        g_string_free (list, TRUE);
        return g_strdup ("");
    }
    char *text = g_strdup_printf (web_tr (lang, N_("→ %s号窗口")), list->str);
    g_string_free (list, TRUE);
    return text;
}

/* The journey's texts: where the ticket stands ("第 2 步 / 共 4 步：印章刻制",
 * hall_journey_text) and a line per step.  Between steps the ticket is
 * waiting again, so nothing here says 办结 before the last finish. */
static json_t *
s_journey_texts (json_t *view, web_lang_t lang)
{
    json_t *journey = json_object_get (view, "journey");
    if (!json_is_object (journey))
        return json_null ();
    static const struct { const char *state, *mark, *label; } states[] = {
        { "done", "✓", N_("已完成") }, { "current", "●", N_("当前") }, { "pending", "○", N_("待办理") },
        { "skipped", "–", N_("已跳过") }, { "dropped", "×", N_("未办理") },
    };
    const char *ticket_state = s_str (view, "state");
    gboolean live = hall_ticket_state_active (ticket_state);
    json_t *steps = json_array ();
    int current = -1, done = 0, dropped = 0;
    size_t i;
    json_t *step;
    json_array_foreach (json_object_get (journey, "steps"), i, step) {
        const char *state = s_str (step, "state");
        const char *mark = "○", *label = "";
        for (size_t k = 0; k < G_N_ELEMENTS (states); k++)
            if (strcmp (state, states[k].state) == 0) {
                mark = states[k].mark;
                label = web_tr (lang, states[k].label);
            }
        if (strcmp (state, "current") == 0)
            current = (int) i;
        done += strcmp (state, "done") == 0;
        dropped += strcmp (state, "dropped") == 0;
        g_autofree char *go = strcmp (state, "current") == 0 && live ? s_journey_go (view, lang) : g_strdup ("");
        json_array_append_new (steps, json_pack ("{s:s, s:s, s:s, s:s, s:s, s:s}", "state", state, "mark", mark,
            "name", s_name (step, lang), "optional", json_is_true (json_object_get (step, "optional"))
                                                     ? web_tr (lang, N_("可选")) : "",
            "label", label, "go", go));
    }
    int of = (int) json_array_size (steps);
    g_autofree char *where = NULL;
    if (strcmp (ticket_state, "finished") == 0 && dropped == 0)
        where = g_strdup_printf (web_tr (lang, N_("已全部办结（共 %d 步）")), of);
    else if (strcmp (ticket_state, "finished") == 0)
        where = g_strdup_printf (web_tr (lang, N_("已结束：办完 %d 步 / 共 %d 步")), done, of);
    else
        where = hall_journey_text (journey, live && current >= 0
                                   ? s_name (json_array_get (steps, current), lang) : NULL, lang == WEB_EN);
    return json_pack ("{s:s, s:s, s:o}", "name", s_name (journey, lang), "where", where, "steps", steps);
}

void
web_view_add_texts (json_t *view, web_lang_t lang)
{
    hall_text_tr_fn tr = s_tr_fn (lang);
    const char *state = s_str (view, "state");
    gboolean waiting = strcmp (state, "waiting") == 0;
    int ahead = (int) json_integer_value (json_object_get (view, "ahead"));
    json_t *windows = json_object_get (view, "windows");
    int numbers[64];
    size_t count = 0;
    size_t i;
    json_t *w;
    json_array_foreach (windows, i, w)
        if (count < G_N_ELEMENTS (numbers))
            numbers[count++] = (int) json_integer_value (w);
    g_autofree char *ahead_text = waiting ? hall_text_ahead (ahead, tr) : g_strdup ("");
    g_autofree char *wait_text = waiting ? hall_text_wait (hall_estimate_get (view), tr) : g_strdup ("");
    g_autofree char *windows_text = waiting ? hall_text_windows (numbers, count, lang == WEB_EN, tr)
                                            : g_strdup ("");
    g_autofree char *near_text = waiting && json_is_true (json_object_get (view, "near"))
        ? (ahead == 0 ? g_strdup (web_tr (lang, N_("马上就到您了，请到办理区等候")))
                      : g_strdup_printf (web_tr (lang, N_("快到您了：前面还有 %d 人，请回到大厅留意叫号")), ahead))
        : g_strdup ("");
    json_t *window = json_object_get (view, "window");
    g_autofree char *called_text = (strcmp (state, "called") == 0 || strcmp (state, "serving") == 0)
                                   && json_is_integer (window)
        ? g_strdup_printf (web_tr (lang, N_("请到 %d 号窗口")), (int) json_integer_value (window))
        : g_strdup ("");
    json_t *journey = s_journey_texts (view, lang);
    const char *category = json_is_object (journey) ? s_str (journey, "name")
                         : lang == WEB_EN && *s_str (view, "category_name_en") ? s_str (view, "category_name_en")
                         : s_str (view, "category_name");
    json_object_set_new (view, "texts", json_pack ("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}",
        "category", category, "state", web_tr (lang, s_state_text (state)), "ahead", ahead_text, "wait", wait_text,
        "windows", windows_text, "near", near_text, "called", called_text, "journey", journey));
}

/* ---- HTML -------------------------------------------------------------------- */

void
web_html_esc (GString *out, const char *text)
{
    g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);
    g_string_append (out, escaped);
}

void
web_html_head (GString *out, web_lang_t lang, const char *root, const char *title, const char *body_attrs)
{
    g_string_append_printf (out, "<!doctype html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                            "<meta name=\"referrer\" content=\"no-referrer\">\n<title>",
                            lang == WEB_EN ? "en" : "zh-CN");
    web_html_esc (out, title);
    g_string_append_printf (out, "</title>\n<link rel=\"stylesheet\" href=\"%sstatic/web.css\">\n", root);
    if (body_attrs)
        g_string_append_printf (out, "<script src=\"%sstatic/ticket.js\" defer></script>\n", root);
    g_string_append_printf (out, "</head>\n<body%s%s>\n", body_attrs ? " " : "", body_attrs ? body_attrs : "");
}

void
web_html_top (GString *out, web_lang_t lang, gboolean switch_lang, const char *hall_name)
{
    g_string_append (out, "<header class=\"top\"><span class=\"hall\">");
    web_html_esc (out, hall_name && *hall_name ? hall_name : web_tr (lang, N_("政务服务中心")));
    g_string_append (out, "</span>");
    if (switch_lang && lang == WEB_EN)
        g_string_append (out, "<a class=\"lang\" href=\"?lang=zh\" lang=\"zh-CN\">中文</a>");
    else if (switch_lang)
        g_string_append (out, "<a class=\"lang\" href=\"?lang=en\" lang=\"en\">English</a>");
    g_string_append (out, "</header>\n");
}

const char *
web_lang_query (web_lang_t lang)
{
    return lang == WEB_EN ? "?lang=en" : "";
}

int
web_case_phone_days (json_t *hall)
{
    json_t *days = json_object_get (hall, "case_phone_days");
    return json_is_integer (days) && json_integer_value (days) > 0 ? (int) json_integer_value (days) : 30;
}

/* A 差评's contact: an optional mobile number with its consent, which the
 * form's script shows only once a 差评 level is chosen. */
static void
s_contact_fields (GString *out, web_lang_t lang, json_t *hall)
{
    g_string_append_printf (out, "<fieldset class=\"contact\" id=\"contact\"><legend>%s</legend>\n",
                            web_tr (lang, N_("留下手机号（选填）")));
    g_autofree char *consent = g_strdup_printf (
        web_tr (lang, N_("如需我们联系您处理，请留下手机号。号码仅用于本次差评的回访，结案后 %d 天删除。")),
        web_case_phone_days (hall));
    g_string_append (out, "<p class=\"hint\" id=\"contact-text\">");
    web_html_esc (out, consent);
    g_string_append_printf (out, "</p>\n<label for=\"contact-phone\">%s</label>\n"
                            "<input id=\"contact-phone\" name=\"contact_phone\" type=\"tel\" inputmode=\"numeric\""
                            " autocomplete=\"tel\" maxlength=\"11\" pattern=\"1[0-9]{10}\">\n"
                            "<label class=\"consent\"><input type=\"checkbox\" id=\"contact-consent\" name=\"consent\""
                            " value=\"1\"> %s</label>\n</fieldset>\n",
                            web_tr (lang, N_("手机号（仅“不满意”“非常不满意”时）")),
                            web_tr (lang, N_("我同意大厅为回访本次差评使用这个手机号")));
}

const char *
web_level_name (int level)
{
    static const char *const names[] = { "", N_("非常不满意"), N_("不满意"), N_("基本满意"), N_("满意"), N_("非常满意") };
    return level >= 1 && level <= 5 ? names[level] : "";
}

void
web_html_rating_form (GString *out, web_lang_t lang, const char *title, const char *action, const char *csrf,
                      json_t *reasons, json_t *contact_hall)
{
    g_string_append_printf (out, "<section class=\"card\" aria-labelledby=\"rate-title\">\n"
                            "<h2 id=\"rate-title\">%s</h2>\n", web_tr (lang, title));
    g_string_append_printf (out, "<form id=\"rate-form\" method=\"post\" action=\"%s%s\">\n",
                            action, web_lang_query (lang));
    g_string_append_printf (out, "<fieldset class=\"levels\"><legend>%s</legend>\n",
                            web_tr (lang, N_("满意程度")));
    for (int level = 5; level >= 1; level--)
        g_string_append_printf (out, "<label class=\"level\"><input type=\"radio\" name=\"level\" value=\"%d\""
                                " id=\"level-%d\" required> %s</label>\n",
                                level, level, web_tr (lang, web_level_name (level)));
    g_string_append (out, "</fieldset>\n");
    g_string_append_printf (out, "<fieldset class=\"reasons\" id=\"reasons\"><legend>%s</legend>\n",
                            web_tr (lang, N_("不满意的原因（选择“不满意”“非常不满意”时必填）")));
    size_t d;
    json_t *dimension;
    json_array_foreach (json_object_get (reasons, "dimensions"), d, dimension) {
        size_t r;
        json_t *reason;
        json_array_foreach (json_object_get (dimension, "reasons"), r, reason) {
            const char *code = s_str (reason, "code");
            const char *name = lang == WEB_EN && *s_str (reason, "name_en") ? s_str (reason, "name_en")
                                                                          : s_str (reason, "name");
            g_string_append (out, "<label class=\"reason\"><input type=\"checkbox\" value=\"1\" name=\"reason.");
            web_html_esc (out, code);
            g_string_append (out, "\" id=\"reason-");
            web_html_esc (out, code);
            g_string_append (out, "\"> ");
            web_html_esc (out, name);
            g_string_append (out, "</label>\n");
        }
    }
    g_string_append (out, "</fieldset>\n");
    g_string_append_printf (out, "<label for=\"text\">%s</label>\n"
                            "<textarea id=\"text\" name=\"text\" maxlength=\"200\" rows=\"3\"></textarea>\n",
                            web_tr (lang, N_("其他意见（选填，不要填写身份证号等个人信息）")));
    if (contact_hall)
        s_contact_fields (out, lang, contact_hall);
    g_string_append_printf (out, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
                            "<button type=\"submit\" id=\"rate-submit\">%s</button>\n</form>\n</section>\n",
                            csrf, web_tr (lang, N_("提交评价")));
}

static void
s_sms_form (GString *out, const web_page_t *page)
{
    web_lang_t lang = page->lang;
    g_string_append_printf (out, "<section class=\"card\" aria-labelledby=\"sms-title\">\n"
                            "<h2 id=\"sms-title\">%s</h2>\n", web_tr (lang, N_("短信提醒")));
    g_string_append_printf (out, "<form id=\"sms-form\" method=\"post\" action=\"%s/notify%s\">\n",
                            page->token, web_lang_query (lang));
    g_string_append_printf (out, "<label for=\"phone\">%s</label>\n"
                            "<input id=\"phone\" name=\"phone\" type=\"tel\" inputmode=\"numeric\" autocomplete=\"tel\""
                            " maxlength=\"11\" pattern=\"1[3-9][0-9]{9}\" required>\n",
                            web_tr (lang, N_("手机号（快到您时和叫号时各发一条短信，号码当日删除）")));
    g_string_append_printf (out, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
                            "<button type=\"submit\">%s</button>\n</form>\n</section>\n",
                            page->csrf, web_tr (lang, N_("提醒我")));
}

/* The journey's steps, one line each (ticket.js builds the same lines
 * from the live view's texts). */
static void
s_journey_steps (GString *out, web_lang_t lang, json_t *journey)
{
    g_string_append_printf (out, "<section class=\"card journey\" id=\"journey\" aria-labelledby=\"journey-title\">\n"
                            "<h2 id=\"journey-title\">%s</h2>\n<ol id=\"journey-steps\" class=\"steps\">\n",
                            web_tr (lang, N_("办理步骤")));
    size_t i;
    json_t *step;
    json_array_foreach (json_object_get (journey, "steps"), i, step) {
        g_string_append (out, "<li class=\"step step-");
        web_html_esc (out, s_str (step, "state"));
        g_string_append (out, "\"><span class=\"mark\" aria-hidden=\"true\">");
        web_html_esc (out, s_str (step, "mark"));
        g_string_append (out, "</span><span class=\"name\">");
        web_html_esc (out, s_str (step, "name"));
        g_string_append (out, "</span>");
        if (*s_str (step, "optional")) {
            g_string_append (out, "<span class=\"optional\">");
            web_html_esc (out, s_str (step, "optional"));
            g_string_append (out, "</span>");
        }
        g_string_append (out, "<span class=\"label\">");
        web_html_esc (out, s_str (step, "label"));
        g_string_append (out, "</span>");
        if (*s_str (step, "go")) {
            g_string_append (out, "<span class=\"go\">");
            web_html_esc (out, s_str (step, "go"));
            g_string_append (out, "</span>");
        }
        g_string_append (out, "</li>\n");
    }
    g_string_append (out, "</ol>\n</section>\n");
}

char *
web_page_ticket (const web_page_t *page, json_t *view)
{
    web_lang_t lang = page->lang;
    json_t *texts = json_object_get (view, "texts");
    const char *state = s_str (view, "state");
    gboolean waiting = strcmp (state, "waiting") == 0;
    gboolean called = strcmp (state, "called") == 0 || strcmp (state, "serving") == 0;
    GString *out = g_string_new (NULL);
    g_autofree char *title = g_strdup_printf ("%s · %s", s_str (view, "number"), s_str (page->hall, "name"));
    g_autofree char *attrs = g_strdup_printf ("data-token=\"%s\" data-lang=\"%s\" data-state=\"%s\"",
                                              page->token, lang == WEB_EN ? "en" : "zh", state);
    web_html_head (out, lang, "../", title, attrs);     /* the page is t/TOKEN */
    web_html_top (out, lang, TRUE, lang == WEB_EN && *s_str (page->hall, "name_en") ? s_str (page->hall, "name_en")
                                                                       : s_str (page->hall, "name"));
    g_string_append_printf (out, "<div id=\"offline\" class=\"offline\" role=\"status\"%s>%s</div>\n",
                            json_is_true (json_object_get (view, "online")) ? " hidden" : "",
                            web_tr (lang, N_("与大厅的连接中断，正在重连；显示的可能不是最新情况")));
    g_string_append (out, "<main>\n");
    if (page->message)
        g_string_append_printf (out, "<p id=\"message\" class=\"message%s\" role=\"%s\">%s</p>\n",
                                page->message_bad ? " bad" : "", page->message_bad ? "alert" : "status",
                                web_tr (lang, page->message));
    json_t *journey = json_object_get (texts, "journey");
    g_string_append (out, "<section class=\"ticket card\" aria-labelledby=\"number\">\n<p class=\"category\" id=\"category\">");
    web_html_esc (out, s_str (texts, "category"));
    g_string_append (out, "</p>\n");
    if (json_is_object (journey)) {
        g_string_append (out, "<p id=\"journey-where\" class=\"journey-where\" aria-live=\"polite\">");
        web_html_esc (out, s_str (journey, "where"));
        g_string_append (out, "</p>\n");
    }
    g_string_append_printf (out, "<p class=\"label\">%s</p>\n<h1 id=\"number\" class=\"number\">",
                            web_tr (lang, N_("您的号码")));
    web_html_esc (out, s_str (view, "number"));
    g_string_append (out, "</h1>\n<p id=\"state\" class=\"state\">");
    web_html_esc (out, s_str (texts, "state"));
    g_string_append_printf (out, "</p>\n<div id=\"called\" class=\"called\" role=\"alert\"%s>", called ? "" : " hidden");
    web_html_esc (out, s_str (texts, "called"));
    g_string_append_printf (out, "</div>\n<div id=\"near\" class=\"near\" role=\"alert\"%s>",
                            *s_str (texts, "near") ? "" : " hidden");
    web_html_esc (out, s_str (texts, "near"));
    g_string_append_printf (out, "</div>\n<div id=\"queue\"%s>\n<p id=\"ahead\" class=\"ahead\" aria-live=\"polite\">",
                            waiting ? "" : " hidden");
    web_html_esc (out, s_str (texts, "ahead"));
    g_string_append (out, "</p>\n<p id=\"wait\" class=\"wait\" aria-live=\"polite\">");
    web_html_esc (out, s_str (texts, "wait"));
    g_string_append (out, "</p>\n<p id=\"windows\" class=\"windows\">");
    web_html_esc (out, s_str (texts, "windows"));
    g_string_append (out, "</p>\n</div>\n</section>\n");
    if (json_is_object (journey))
        s_journey_steps (out, lang, journey);
    gboolean finished = strcmp (state, "finished") == 0;
    if (finished && !json_is_true (json_object_get (view, "rated")) && page->reasons) {
        g_autofree char *action = g_strdup_printf ("%s/rate", page->token);
        web_html_rating_form (out, lang, N_("请您对本次服务进行评价"), action, page->csrf, page->reasons, page->hall);
    }
    else if (finished)
        g_string_append_printf (out, "<p id=\"rated\" class=\"card done\">%s</p>\n",
                                web_tr (lang, N_("已评价，感谢您的评价！")));
    if (page->sms && (waiting || strcmp (state, "called") == 0)) {
        const char *phone = json_string_value (json_object_get (view, "phone"));
        if (phone) {
            g_string_append_printf (out, "<p id=\"sms-set\" class=\"card\">%s ", web_tr (lang, N_("短信提醒已设置：")));
            web_html_esc (out, phone);
            g_string_append (out, "</p>\n");
        } else
            s_sms_form (out, page);
    }
    const char *notice = s_str (view, "notice");
    if (*notice) {
        g_string_append (out, "<p class=\"notice\" id=\"notice\">");
        web_html_esc (out, notice);
        g_string_append (out, "</p>\n");
    }
    g_string_append_printf (out, "<noscript><p class=\"notice\">%s</p></noscript>\n",
                            web_tr (lang, N_("此页面需要刷新才会更新")));
    g_string_append (out, "</main>\n</body>\n</html>\n");
    return g_string_free (out, FALSE);
}

/* The hall page's way to appointments: a link per category that takes
 * them (closed for walk-ins or not: a booking is for a later slot). */
static void
s_booking_links (GString *out, web_lang_t lang, hall_mirror_t *mirror, const char *root, GHashTable *bookable)
{
    if (!bookable || g_hash_table_size (bookable) == 0)
        return;
    g_string_append_printf (out, "<section class=\"card booking-links\" aria-labelledby=\"booking-title\">\n"
                            "<h2 id=\"booking-title\">%s</h2>\n<p class=\"hint\">%s</p>\n<ul>\n",
                            web_tr (lang, N_("网上预约")),
                            web_tr (lang, N_("预约后请按时到大厅自助取号机“预约签到”，优先办理。")));
    size_t i;
    json_t *category;
    json_array_foreach (hall_mirror_categories (mirror), i, category) {
        const char *code = s_str (category, "code");
        if (!g_hash_table_contains (bookable, code))
            continue;
        g_string_append (out, "<li><a id=\"book-");
        web_html_esc (out, code);
        g_string_append_printf (out, "\" href=\"%sbook/", root);
        web_html_esc (out, code);
        g_string_append_printf (out, "%s\">", web_lang_query (lang));
        web_html_esc (out, lang == WEB_EN && *s_str (category, "name_en") ? s_str (category, "name_en")
                                                                        : s_str (category, "name"));
        g_string_append (out, "</a></li>\n");
    }
    g_string_append_printf (out, "</ul>\n<p><a id=\"my-booking\" href=\"%sbooking%s\">%s</a></p>\n</section>\n",
                            root, web_lang_query (lang), web_tr (lang, N_("查看或取消我的预约")));
}

char *
web_page_hall (web_lang_t lang, hall_mirror_t *mirror, gboolean online, const char *root,
               GHashTable *bookable)
{
    json_t *hall = hall_mirror_hall (mirror);
    hall_text_tr_fn tr = s_tr_fn (lang);
    const char *name = lang == WEB_EN && *s_str (hall, "name_en") ? s_str (hall, "name_en") : s_str (hall, "name");
    GString *out = g_string_new (NULL);
    web_html_head (out, lang, root, *name ? name : web_tr (lang, N_("政务服务中心")), NULL);
    web_html_top (out, lang, TRUE, name);
    g_string_append (out, "<main>\n");
    if (!online || !hall_mirror_loaded (mirror))
        g_string_append_printf (out, "<p class=\"offline\" role=\"status\">%s</p>\n",
                                web_tr (lang, N_("与大厅的连接中断，正在重连；显示的可能不是最新情况")));
    g_string_append_printf (out, "<h1>%s</h1>\n", web_tr (lang, N_("排队情况")));
    if (bookable && g_hash_table_size (bookable) > 0)       /* the links are below the queues: say so at the top */
        g_string_append_printf (out, "<p class=\"jump\"><a href=\"#booking-title\">%s</a></p>\n",
                                web_tr (lang, N_("网上预约 ↓")));
    g_string_append_printf (out, "<table class=\"hall\">\n<thead><tr><th scope=\"col\">%s</th>"
                            "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
                            web_tr (lang, N_("业务")), web_tr (lang, N_("等候人数")),
                            web_tr (lang, N_("预计等候")));
    size_t i;
    json_t *category;
    json_array_foreach (hall_mirror_categories (mirror), i, category) {
        if (!json_is_true (json_object_get (category, "open")))
            continue;
        const char *code = s_str (category, "code");
        int waiting = hall_mirror_waiting (mirror, code);
        hall_estimate_t e = hall_estimate_for (category, hall_mirror_windows (mirror), waiting);
        g_autofree char *wait = hall_text_wait (e, tr);
        g_string_append (out, "<tr><th scope=\"row\">");
        web_html_esc (out, lang == WEB_EN && *s_str (category, "name_en") ? s_str (category, "name_en")
                                                                   : s_str (category, "name"));
        g_string_append_printf (out, "</th><td>%d</td><td>", waiting);
        web_html_esc (out, wait);
        g_string_append (out, "</td></tr>\n");
    }
    g_string_append (out, "</tbody>\n</table>\n");
    s_booking_links (out, lang, mirror, root, bookable);
    const char *notice = s_str (hall, "notice");
    if (*notice) {
        g_string_append (out, "<p class=\"notice\">");
        web_html_esc (out, notice);
        g_string_append (out, "</p>\n");
    }
    g_string_append (out, "</main>\n</body>\n</html>\n");
    return g_string_free (out, FALSE);
}

char *
web_page_error (web_lang_t lang, const char *hall_name, const char *root, const char *title,
                const char *detail)
{
    GString *out = g_string_new (NULL);
    web_html_head (out, lang, root, web_tr (lang, title), NULL);
    web_html_top (out, lang, TRUE, hall_name);
    g_string_append_printf (out, "<main>\n<section class=\"card error\" role=\"alert\">\n<h1 id=\"error-title\">%s</h1>\n",
                            web_tr (lang, title));
    if (detail)
        g_string_append_printf (out, "<p id=\"error-detail\">%s</p>\n", web_tr (lang, detail));
    g_string_append_printf (out, "<p><a href=\"%s%s\">%s</a></p>\n</section>\n</main>\n</body>\n</html>\n",
                            *root ? root : "./", web_lang_query (lang), web_tr (lang, N_("查看大厅排队情况")));
    return g_string_free (out, FALSE);
}
