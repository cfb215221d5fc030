/*  web-case-pages.c — see web-case-pages.h. */
#define G_LOG_DOMAIN "hall-web"
#include "web-case-pages.h"
#include "web-booking-pages.h"

#include <string.h>

#ifndef N_
#define N_(text) (text)
#endif

static const struct { const char *value, *verdict, *id; } s_verdicts[] = {
    { "satisfied", N_("满意"), "verdict-satisfied" },
    { "fair", N_("基本满意"), "verdict-fair" },
    { "dissatisfied", N_("不满意"), "verdict-dissatisfied" },
};

const char *
web_case_verdict (const char *value)
{
    for (size_t i = 0; i < G_N_ELEMENTS (s_verdicts); i++)
        if (g_strcmp0 (value, s_verdicts[i].value) == 0)
            return s_verdicts[i].verdict;
    return NULL;
}

static const char *
s_str (json_t *object, const char *key)
{
    const char *value = json_string_value (json_object_get (object, key));
    return value ? value : "";
}

static const char *
s_hall_name (const web_case_page_t *page)
{
    const char *name = page->lang == WEB_EN && *s_str (page->hall, "name_en") ? s_str (page->hall, "name_en")
                                                                             : s_str (page->hall, "name");
    return *name ? name : web_tr (page->lang, N_("政务服务中心"));
}

/* "11月27日 周五 10:05" for AT (unix seconds) in the hall's zone (g_free). */
static char *
s_time_text (const web_case_page_t *page, json_t *at)
{
    if (!json_is_integer (at))
        return g_strdup ("");
    const char *zone = s_str (page->hall, "timezone");
    GTimeZone *tz = *zone ? g_time_zone_new_identifier (zone) : NULL;
    if (!tz)
        tz = g_time_zone_new_utc ();
    GDateTime *utc = g_date_time_new_from_unix_utc (json_integer_value (at));
    GDateTime *local = utc ? g_date_time_to_timezone (utc, tz) : NULL;
    char *text = g_strdup ("");
    if (local) {
        g_autofree char *day = g_date_time_format (local, "%Y-%m-%d");
        g_autofree char *clock = g_date_time_format (local, "%H:%M");
        g_autofree char *day_text = web_booking_day_text (page->lang, day, NULL);
        g_free (text);
        text = g_strdup_printf ("%s %s", day_text, clock);
        g_date_time_unref (local);
    }
    if (utc)
        g_date_time_unref (utc);
    g_time_zone_unref (tz);
    return text;
}

/* The reasons' names in LANG from the list, joined ("排队等候时间长、态度生硬"). */
static char *
s_reasons_text (const web_case_page_t *page, json_t *codes)
{
    GString *out = g_string_new (NULL);
    size_t i;
    json_t *code;
    json_array_foreach (codes, i, code) {
        const char *name = json_string_value (code);
        size_t d, r;
        json_t *dimension, *reason;
        json_array_foreach (json_object_get (page->reasons, "dimensions"), d, dimension)
            json_array_foreach (json_object_get (dimension, "reasons"), r, reason)
                if (g_strcmp0 (s_str (reason, "code"), json_string_value (code)) == 0)
                    name = page->lang == WEB_EN && *s_str (reason, "name_en") ? s_str (reason, "name_en")
                                                                             : s_str (reason, "name");
        if (i)
            g_string_append (out, page->lang == WEB_EN ? "; " : "、");
        g_string_append (out, name ? name : "");
    }
    return g_string_free (out, FALSE);
}

static void
s_fact (GString *out, const char *id, const char *label, const char *value)
{
    g_string_append_printf (out, "<dt>%s</dt><dd id=\"%s\">", label, id);
    web_html_esc (out, value);
    g_string_append (out, "</dd>\n");
}

/* What the visitor rated. */
static void
s_rated (GString *out, const web_case_page_t *page, json_t *kase)
{
    web_lang_t lang = page->lang;
    int level = (int) json_integer_value (json_object_get (kase, "level"));
    g_string_append_printf (out, "<section class=\"card case\" aria-labelledby=\"case-title\">\n"
                            "<h1 id=\"case-title\">%s</h1>\n<dl class=\"facts\">\n", web_tr (lang, N_("您的评价")));
    g_autofree char *day = web_booking_day_text (lang, s_str (kase, "day"), NULL);
    g_autofree char *number = g_strdup_printf ("%s · %s", s_str (kase, "number"), day);
    s_fact (out, "case-number", web_tr (lang, N_("号码")), number);
    /* "企业开办 · 1号窗口": what was done, and where. */
    g_autofree char *where = json_is_integer (json_object_get (kase, "window"))
        ? g_strdup_printf (web_tr (lang, N_("%d号窗口")), (int) json_integer_value (json_object_get (kase, "window")))
        : NULL;
    g_autofree char *service = where ? g_strdup_printf ("%s · %s", s_str (kase, "category_name"), where)
                                     : g_strdup (s_str (kase, "category_name"));
    s_fact (out, "case-service", web_tr (lang, N_("业务")), service);
    g_string_append_printf (out, "<dt>%s</dt><dd id=\"case-level\" class=\"level\">", web_tr (lang, N_("满意程度")));
    web_html_esc (out, web_tr (lang, web_level_name (level)));
    g_string_append (out, "</dd>\n");
    g_autofree char *reasons = s_reasons_text (page, json_object_get (kase, "reasons"));
    if (*reasons)
        s_fact (out, "case-reasons", web_tr (lang, N_("原因")), reasons);
    if (*s_str (kase, "text"))
        s_fact (out, "case-text", web_tr (lang, N_("您的意见")), s_str (kase, "text"));
    g_autofree char *opened = s_time_text (page, json_object_get (kase, "opened_at"));
    s_fact (out, "case-opened", web_tr (lang, N_("评价时间")), opened);
    g_string_append (out, "</dl>\n</section>\n");
}

/* What the hall did, or that it is still at it. */
static void
s_rectified (GString *out, const web_case_page_t *page, json_t *kase)
{
    web_lang_t lang = page->lang;
    g_string_append_printf (out, "<section class=\"card case\" aria-labelledby=\"rectify-title\">\n"
                            "<h2 id=\"rectify-title\">%s</h2>\n", web_tr (lang, N_("大厅的整改")));
    if (json_is_integer (json_object_get (kase, "rectified_at"))) {
        g_string_append (out, "<p class=\"note\" id=\"rectified-note\">");
        web_html_esc (out, s_str (kase, "rectified_note"));
        g_autofree char *at = s_time_text (page, json_object_get (kase, "rectified_at"));
        g_string_append_printf (out, "</p>\n<p class=\"hint\" id=\"rectified-at\">%s", web_tr (lang, N_("整改时间：")));
        web_html_esc (out, at);
        g_string_append (out, "</p>\n");
    } else
        g_string_append_printf (out, "<p class=\"pending\" id=\"rectified-note\">%s</p>\n",
                                web_tr (lang, N_("大厅正在处理您的评价，整改完成后会请您评价整改结果。")));
    g_string_append (out, "</section>\n");
}

/* The verdict: three buttons while it may be given, else the one given. */
static void
s_verdict (GString *out, const web_case_page_t *page, json_t *view, json_t *kase)
{
    web_lang_t lang = page->lang;
    if (json_is_true (json_object_get (view, "can_verdict"))) {
        g_string_append_printf (out, "<section class=\"card\" aria-labelledby=\"verdict-title\">\n"
                                "<h2 id=\"verdict-title\">%s</h2>\n"
                                "<form id=\"verdict-form\" method=\"post\" action=\"%s/verdict%s\">\n"
                                "<label for=\"verdict-text\">%s</label>\n"
                                "<textarea id=\"verdict-text\" name=\"text\" maxlength=\"200\" rows=\"2\""
                                " placeholder=\"%s\"></textarea>\n"
                                "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n<div class=\"verdicts\">\n",
                                web_tr (lang, N_("您对整改结果满意吗？")), page->token, web_lang_query (lang),
                                web_tr (lang, N_("补充意见（选填）")),
                                web_tr (lang, N_("不要填写身份证号等个人信息")), page->csrf);
        for (size_t i = 0; i < G_N_ELEMENTS (s_verdicts); i++)
            g_string_append_printf (out, "<button type=\"submit\" name=\"verdict\" value=\"%s\" id=\"%s\""
                                    " class=\"verdict-%d\">%s</button>\n", s_verdicts[i].value, s_verdicts[i].id,
                                    (int) (G_N_ELEMENTS (s_verdicts) - i), web_tr (lang, s_verdicts[i].verdict));
        g_string_append (out, "</div>\n</form>\n</section>\n");
        return;
    }
    const char *verdict = s_str (kase, "verdict");
    if (!*verdict)
        return;
    const char *source = s_str (kase, "verdict_source");
    const char *how = strcmp (source, "visitor") == 0 ? N_("（您本人提交）")
                    : strcmp (source, "phone_call") == 0 ? N_("（电话回访时记录）")
                    : strcmp (source, "visit") == 0 ? N_("（上门回访时记录）") : "";
    g_string_append_printf (out, "<section class=\"card\" aria-labelledby=\"verdict-title\">\n"
                            "<h2 id=\"verdict-title\">%s</h2>\n<p id=\"verdict\" class=\"done\">",
                            web_tr (lang, N_("您对整改结果的评价")));
    web_html_esc (out, web_tr (lang, verdict));
    if (*how)
        g_string_append_printf (out, " <span class=\"hint\">%s</span>", web_tr (lang, how));
    g_string_append (out, "</p>\n</section>\n");
}

char *
web_page_case (const web_case_page_t *page, json_t *view)
{
    web_lang_t lang = page->lang;
    json_t *kase = json_object_get (view, "case");
    GString *out = g_string_new (NULL);
    g_autofree char *title = g_strdup_printf ("%s · %s", web_tr (lang, N_("差评回访")), s_hall_name (page));
    web_html_head (out, lang, "../", title, NULL);        /* the page is c/TOKEN */
    web_html_top (out, lang, TRUE, s_hall_name (page));
    g_string_append (out, "<main>\n");
    if (page->message)
        g_string_append_printf (out, "<p id=\"message\" class=\"message%s\" role=\"%s\">%s</p>\n",
                                page->message_bad ? " bad" : "", page->message_bad ? "alert" : "status",
                                web_tr (lang, page->message));
    s_rated (out, page, kase);
    s_rectified (out, page, kase);
    s_verdict (out, page, view, kase);
    json_t *second = json_object_get (kase, "second_rating");
    if (json_is_true (json_object_get (view, "can_rate")) && page->reasons) {
        g_autofree char *action = g_strdup_printf ("%s/rate", page->token);
        web_html_rating_form (out, lang, N_("整改之后，请您再次评价本次服务"), action, page->csrf, page->reasons, NULL);
    } else if (json_is_integer (second)) {
        g_autofree char *text = g_strdup_printf (web_tr (lang, N_("您的再次评价：%s。感谢您的评价！")),
                                                 web_tr (lang, web_level_name ((int) json_integer_value (second))));
        g_string_append (out, "<p id=\"second-rating\" class=\"card done\">");
        web_html_esc (out, text);
        g_string_append (out, "</p>\n");
    }
    g_string_append_printf (out, "<p class=\"notice\">%s</p>\n",
                            web_tr (lang, N_("如对处理结果还有疑问，请联系大厅服务台。")));
    g_string_append (out, "</main>\n</body>\n</html>\n");
    return g_string_free (out, FALSE);
}
