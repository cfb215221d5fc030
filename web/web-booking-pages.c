/*  web-booking-pages.c — see web-booking-pages.h. */
#define G_LOG_DOMAIN "hall-web"
#include "web-booking-pages.h"

#include <stdio.h>
#include <string.h>

#ifndef N_
#define N_(text) (text)
#endif

static const struct { const char *code, *name; } s_documents[] = {
    { "id", N_("居民身份证") },
    { "passport", N_("护照") },
    { "hk_macao", N_("港澳居民来往内地通行证") },
    { "taiwan", N_("台湾居民来往大陆通行证") },
    { "other", N_("其他证件") },
};

static const char *
s_str (json_t *object, const char *key)
{
    const char *value = json_string_value (json_object_get (object, key));
    return value ? value : "";
}

static const char *
s_document_name (const char *code)
{
    for (size_t i = 0; i < G_N_ELEMENTS (s_documents); i++)
        if (g_strcmp0 (code, s_documents[i].code) == 0)
            return s_documents[i].name;
    return N_("其他证件");
}

static const char *
s_state_text (const char *state)
{
    static const struct { const char *state, *text; } texts[] = {
        { "booked", N_("已预约") }, { "cancelled", N_("已取消") }, { "checked_in", N_("已签到") },
        { "noshow", N_("未按时签到（已记为失约）") },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (texts); i++)
        if (g_strcmp0 (state, texts[i].state) == 0)
            return texts[i].text;
    return "";
}

static GDate *
s_date (const char *day)
{
    int y, m, d;
    if (!day || sscanf (day, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
        return NULL;
    return g_date_new_dmy (d, m, y);
}

char *
web_booking_day_text (web_lang_t lang, const char *day, const char *today)
{
    static const char *zh_weekdays[] = { "", "周一", "周二", "周三", "周四", "周五", "周六", "周日" };
    static const char *en_weekdays[] = { "", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
    static const char *en_months[] = { "", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                                       "Nov", "Dec" };
    GDate *date = s_date (day);
    if (!date)
        return g_strdup (day ? day : "");
    int weekday = g_date_get_weekday (date), month = g_date_get_month (date), mday = g_date_get_day (date);
    const char *when = NULL;
    GDate *now = s_date (today);
    if (now) {
        int ahead = g_date_days_between (now, date);
        when = ahead == 0 ? N_("今天") : ahead == 1 ? N_("明天") : ahead == 2 ? N_("后天") : NULL;
        g_date_free (now);
    }
    g_date_free (date);
    g_autofree char *base = lang == WEB_EN
        ? g_strdup_printf ("%s %d %s", en_weekdays[weekday], mday, en_months[month])
        : g_strdup_printf ("%d月%d日 %s", month, mday, zh_weekdays[weekday]);
    return when ? g_strdup_printf ("%s · %s", base, web_tr (lang, when)) : g_steal_pointer (&base);
}

static const char *
s_hall_name (const web_booking_page_t *page)
{
    const char *name = page->lang == WEB_EN && *s_str (page->hall, "name_en") ? s_str (page->hall, "name_en")
                                                                             : s_str (page->hall, "name");
    return *name ? name : web_tr (page->lang, N_("政务服务中心"));
}

static const char *
s_category_name (web_lang_t lang, json_t *category)
{
    return lang == WEB_EN && *s_str (category, "name_en") ? s_str (category, "name_en") : s_str (category, "name");
}

/* The head, the bar and the message; SWITCH_LANG on pages a GET shows. */
static void
s_open (GString *out, const web_booking_page_t *page, const char *title, gboolean switch_lang)
{
    web_html_head (out, page->lang, page->root, title, NULL);
    web_html_top (out, page->lang, switch_lang, s_hall_name (page));
    g_string_append (out, "<main>\n");
    if (page->message) {
        g_string_append_printf (out, "<p id=\"message\" class=\"message%s\" role=\"%s\">",
                                page->message_bad ? " bad" : "", page->message_bad ? "alert" : "status");
        web_html_esc (out, page->message);
        g_string_append (out, "</p>\n");
    }
}

static void
s_close (GString *out, const web_booking_page_t *page)
{
    g_string_append_printf (out, "<p class=\"links\"><a id=\"to-hall\" href=\"%s%s\">%s</a></p>\n"
                            "</main>\n</body>\n</html>\n",
                            *page->root ? page->root : "./", web_lang_query (page->lang),
                            web_tr (page->lang, N_("查看大厅排队情况")));
}

static void
s_field_error (GString *out, GHashTable *errors, const char *field)
{
    const char *text = errors ? g_hash_table_lookup (errors, field) : NULL;
    if (!text)
        return;
    g_string_append_printf (out, "<p class=\"field-error\" id=\"error-%s\">", field);
    web_html_esc (out, text);
    g_string_append (out, "</p>\n");
}

/* The form's fields in page order: the first one refused takes the focus
 * (and the page scrolls to it). */
static const char *s_fields[] = { "slot", "name", "document", "id_number", "phone", "credit_code" };

static const char *
s_invalid (GHashTable *errors, const char *field)
{
    if (!errors || !g_hash_table_contains (errors, field))
        return "";
    for (size_t i = 0; i < G_N_ELEMENTS (s_fields); i++)
        if (g_hash_table_contains (errors, s_fields[i]))
            return strcmp (s_fields[i], field) == 0 && strcmp (field, "slot") != 0
                 ? " aria-invalid=\"true\" autofocus" : " aria-invalid=\"true\"";
    return " aria-invalid=\"true\"";
}

/* One text input: LABEL (a msgid), the entry's VALUE shown again or none. */
static void
s_input (GString *out, web_lang_t lang, GHashTable *errors, const char *field, const char *label,
         const char *attrs, const char *value)
{
    g_string_append_printf (out, "<label for=\"%s\">%s</label>\n<input id=\"%s\" name=\"%s\" %s%s", field,
                            web_tr (lang, label), field, field, attrs, s_invalid (errors, field));
    if (value && *value) {
        g_string_append (out, " value=\"");
        web_html_esc (out, value);
        g_string_append (out, "\"");
    }
    g_string_append (out, ">\n");
    s_field_error (out, errors, field);
}

/* The slots, a day to a <details>: the day of the slot chosen is open,
 * else the first with a place left.  TRUE when any place is left. */
static gboolean
s_slots (GString *out, const web_booking_page_t *page, json_t *days, const char *chosen, GHashTable *errors)
{
    web_lang_t lang = page->lang;
    g_autofree char *chosen_day = chosen ? g_strndup (chosen, 10) : NULL;
    gboolean opened = FALSE, any = FALSE;
    size_t d;
    json_t *day;
    g_string_append_printf (out, "<fieldset class=\"slots\" id=\"slots\"%s><legend>%s</legend>\n",
                            s_invalid (errors, "slot"), web_tr (lang, N_("预约时段")));
    s_field_error (out, errors, "slot");
    /* Which day opens: the chosen slot's, if it is still listed. */
    gboolean chosen_listed = FALSE;
    json_array_foreach (days, d, day)
        chosen_listed |= chosen_day && strcmp (s_str (day, "day"), chosen_day) == 0;
    json_array_foreach (days, d, day) {
        const char *date = s_str (day, "day");
        json_t *slots = json_object_get (day, "slots");
        int free_places = 0;
        size_t i;
        json_t *slot;
        json_array_foreach (slots, i, slot)
            free_places += (int) json_integer_value (json_object_get (slot, "free"));
        gboolean open = !opened && (chosen_listed ? strcmp (date, chosen_day) == 0 : free_places > 0);
        opened |= open;
        any |= free_places > 0;
        g_autofree char *label = web_booking_day_text (lang, date, page->today);
        g_string_append_printf (out, "<details class=\"day\" id=\"day-%s\"%s><summary>", date, open ? " open" : "");
        web_html_esc (out, label);
        g_string_append (out, "<span class=\"free\">");
        if (free_places > 0)
            g_string_append_printf (out, web_tr (lang, N_("余 %d")), free_places);
        else
            g_string_append (out, web_tr (lang, N_("已约满")));
        g_string_append (out, "</span></summary>\n<div class=\"slot-grid\">\n");
        json_array_foreach (slots, i, slot) {
            const char *start = s_str (slot, "start"), *end = s_str (slot, "end");
            int left = (int) json_integer_value (json_object_get (slot, "free"));
            g_autofree char *value = g_strdup_printf ("%s %s", date, start);
            g_autofree char *id = g_strdup_printf ("slot-%s-%.2s%.2s", date, start, start + (strlen (start) > 3 ? 3 : 0));
            gboolean checked = chosen && strcmp (chosen, value) == 0 && left > 0;
            g_string_append_printf (out, "<label class=\"slot%s\" for=\"%s\"><input type=\"radio\" name=\"slot\""
                                    " id=\"%s\" value=\"%s\"%s%s> <span class=\"time\">%s–%s</span>"
                                    " <span class=\"free\">",
                                    left > 0 ? "" : " full", id, id, value, left > 0 ? " required" : " disabled",
                                    checked ? " checked" : "", start, end);
            if (left > 0)
                g_string_append_printf (out, web_tr (lang, N_("余 %d")), left);
            else
                g_string_append (out, web_tr (lang, N_("已满")));
            g_string_append (out, "</span></label>\n");
        }
        g_string_append (out, "</div>\n</details>\n");
    }
    if (!any)
        g_string_append_printf (out, "<p class=\"notice\" id=\"no-slots\">%s</p>\n",
                                web_tr (lang, N_("近期的预约时段都已约满，请过几天再来看看，或到大厅现场取号。")));
    g_string_append (out, "</fieldset>\n");
    return any;
}

char *
web_page_booking_form (const web_booking_page_t *page, json_t *category, json_t *days,
                       const web_booking_entry_t *entry, GHashTable *errors)
{
    web_lang_t lang = page->lang;
    web_booking_entry_t none = { NULL };
    if (!entry)
        entry = &none;
    const char *name = s_category_name (lang, category);
    g_autofree char *heading = g_strdup_printf (web_tr (lang, N_("预约：%s")), name);
    GString *out = g_string_new (NULL);
    s_open (out, page, heading, TRUE);
    g_string_append (out, "<section class=\"card\" aria-labelledby=\"booking-title\">\n<h1 id=\"booking-title\">");
    web_html_esc (out, heading);
    g_string_append_printf (out, "</h1>\n<p class=\"hint\">%s</p>\n",
                            web_tr (lang, N_("选择时段，填写办事人的实名信息。预约后请按时到大厅签到，签到后优先办理。")));
    g_string_append (out, "<form id=\"booking-form\" method=\"post\" action=\"");
    web_html_esc (out, s_str (category, "code"));
    g_string_append_printf (out, "%s\">\n", web_lang_query (lang));
    gboolean any = s_slots (out, page, days, entry->slot, errors);
    if (any) {
        g_string_append_printf (out, "<fieldset class=\"person\"><legend>%s</legend>\n",
                                web_tr (lang, N_("办事人信息")));
        if (errors && g_hash_table_size (errors) > 0)
            g_string_append_printf (out, "<p class=\"hint\" id=\"retype\">%s</p>\n",
                                    web_tr (lang, N_("为保护您的个人信息，证件号码和手机号码需要重新填写。")));
        s_input (out, lang, errors, "name", N_("姓名"), "type=\"text\" autocomplete=\"name\" maxlength=\"32\" required",
                 entry->name);
        g_string_append_printf (out, "<label for=\"document\">%s</label>\n<select id=\"document\" name=\"document\"%s>\n",
                                web_tr (lang, N_("证件类型")), s_invalid (errors, "document"));
        for (size_t i = 0; i < G_N_ELEMENTS (s_documents); i++)
            g_string_append_printf (out, "<option value=\"%s\"%s>%s</option>\n", s_documents[i].code,
                                    g_strcmp0 (entry->document, s_documents[i].code) == 0 ? " selected" : "",
                                    web_tr (lang, s_documents[i].name));
        g_string_append (out, "</select>\n");
        s_field_error (out, errors, "document");
        s_input (out, lang, errors, "id_number", N_("证件号码"),
                 "type=\"text\" autocomplete=\"off\" autocapitalize=\"characters\" spellcheck=\"false\""
                 " maxlength=\"32\" required", NULL);
        s_input (out, lang, errors, "phone", N_("手机号码（用于预约提醒短信）"),
                 "type=\"tel\" inputmode=\"numeric\" autocomplete=\"tel\" maxlength=\"11\""
                 " pattern=\"1[3-9][0-9]{9}\" required", NULL);
        s_input (out, lang, errors, "credit_code", N_("统一社会信用代码（办理企业事项时填写，选填）"),
                 "type=\"text\" autocomplete=\"off\" autocapitalize=\"characters\" spellcheck=\"false\""
                 " maxlength=\"18\"", entry->credit_code);
        g_string_append_printf (out, "</fieldset>\n<p class=\"hint\">%s</p>\n"
                                "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
                                "<button type=\"submit\" id=\"booking-submit\">%s</button>\n",
                                web_tr (lang, N_("所填信息只用于本次预约、提醒和签到；证件号码只保存遮挡后的号码。")),
                                page->csrf, web_tr (lang, N_("提交预约")));
    }
    g_string_append (out, "</form>\n</section>\n");
    g_string_append_printf (out, "<p class=\"links\"><a id=\"my-booking\" href=\"%sbooking%s\">%s</a></p>\n",
                            page->root, web_lang_query (lang), web_tr (lang, N_("查看或取消我的预约")));
    s_close (out, page);
    return g_string_free (out, FALSE);
}

static void
s_fact (GString *out, const char *id, const char *label, const char *value)
{
    g_string_append_printf (out, "<dt>%s</dt><dd id=\"%s\">", label, id);
    web_html_esc (out, value);
    g_string_append (out, "</dd>\n");
}

char *
web_page_booking (const web_booking_page_t *page, json_t *booking, json_t *category, const char *qr_svg)
{
    web_lang_t lang = page->lang;
    const char *state = s_str (booking, "state");
    const char *code = s_str (booking, "code");
    gboolean booked = strcmp (state, "booked") == 0;
    GString *out = g_string_new (NULL);
    s_open (out, page, web_tr (lang, N_("我的预约")), FALSE);
    g_string_append (out, "<section class=\"card booking\" aria-labelledby=\"booking-code\">\n"
                          "<p class=\"category\" id=\"booking-category\">");
    web_html_esc (out, category ? s_category_name (lang, category) : s_str (booking, "category"));
    g_string_append_printf (out, "</p>\n<p class=\"label\">%s</p>\n<h1 id=\"booking-code\" class=\"code%s\">",
                            web_tr (lang, N_("预约码")), booked ? "" : " over");
    web_html_esc (out, code);
    g_string_append (out, "</h1>\n");
    if (qr_svg && booked)
        g_string_append_printf (out, "%s\n", qr_svg);
    const char *ticket = s_str (booking, "ticket");
    g_autofree char *state_text = strcmp (state, "checked_in") == 0 && *ticket
        ? g_strdup_printf (web_tr (lang, N_("已签到，号票 %s")), ticket) : g_strdup (web_tr (lang, s_state_text (state)));
    g_string_append_printf (out, "<p id=\"booking-state\" class=\"state%s\">", booked ? "" : " over");
    web_html_esc (out, state_text);
    g_string_append (out, "</p>\n<dl class=\"facts\">\n");
    g_autofree char *day = web_booking_day_text (lang, s_str (booking, "day"), page->today);
    g_autofree char *when = g_strdup_printf ("%s %s–%s", day, s_str (booking, "start"), s_str (booking, "end"));
    s_fact (out, "booking-when", web_tr (lang, N_("预约时间")), when);
    s_fact (out, "booking-name", web_tr (lang, N_("姓名")), s_str (booking, "name"));
    g_autofree char *person = g_strdup_printf ("%s %s", web_tr (lang, s_document_name (s_str (booking, "document"))),
                                               s_str (booking, "person"));
    s_fact (out, "booking-person", web_tr (lang, N_("证件")), person);
    s_fact (out, "booking-phone", web_tr (lang, N_("手机")), s_str (booking, "phone"));
    if (json_is_true (json_object_get (booking, "enterprise")))
        s_fact (out, "booking-enterprise", web_tr (lang, N_("事项")), web_tr (lang, N_("企业事项")));
    g_string_append (out, "</dl>\n</section>\n");
    if (booked) {
        const char *from = s_str (booking, "checkin_from"), *until = s_str (booking, "checkin_until");
        g_string_append_printf (out, "<section class=\"card\" id=\"checkin-how\" aria-labelledby=\"checkin-title\">\n"
                                "<h2 id=\"checkin-title\">%s</h2>\n<p id=\"checkin-when\">", web_tr (lang, N_("如何签到")));
        if (*from && *until)
            g_string_append_printf (out, web_tr (lang, N_("请于 %s %s–%s 到大厅的自助取号机，点击“预约签到”，"
                                                          "扫描上方二维码或输入预约码，领取预约号票后优先办理。")),
                                    day, from, until);
        else
            g_string_append_printf (out, web_tr (lang, N_("请于 %s 按时到大厅的自助取号机，点击“预约签到”，"
                                                          "扫描上方二维码或输入预约码，领取预约号票后优先办理。")),
                                    day);
        g_string_append_printf (out, "</p>\n<p class=\"hint\">%s</p>\n</section>\n",
                                web_tr (lang, N_("预约码是签到凭证：请截图或记下，不要告诉他人。"
                                                 "过了签到时间未签到记为失约，多次失约将暂停预约。")));
        /* A tap that cannot be undone: the cancel button is behind its own
         * disclosure, so a thumb on the way down does not cancel. */
        g_string_append_printf (out, "<details class=\"card cancel\" id=\"cancel\"><summary>%s</summary>\n"
                                "<form id=\"cancel-form\" method=\"post\" action=\"%sbooking/cancel%s\">\n"
                                "<p>%s</p>\n<input type=\"hidden\" name=\"code\" value=\"",
                                web_tr (lang, N_("取消预约")), page->root, web_lang_query (lang),
                                web_tr (lang, N_("取消后此时段会让给其他人，预约码随即失效。")));
        web_html_esc (out, code);
        g_string_append_printf (out, "\">\n<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
                                "<button type=\"submit\" class=\"secondary\" id=\"cancel-submit\">%s</button>\n"
                                "</form>\n</details>\n",
                                page->csrf, web_tr (lang, N_("确认取消预约")));
    }
    s_close (out, page);
    return g_string_free (out, FALSE);
}

char *
web_page_booking_find (const web_booking_page_t *page, const char *error)
{
    web_lang_t lang = page->lang;
    GString *out = g_string_new (NULL);
    s_open (out, page, web_tr (lang, N_("我的预约")), TRUE);
    g_string_append_printf (out, "<section class=\"card\" aria-labelledby=\"find-title\">\n<h1 id=\"find-title\">%s</h1>\n"
                            "<form id=\"find-form\" method=\"post\" action=\"%sbooking%s\">\n"
                            "<label for=\"code\">%s</label>\n"
                            "<input id=\"code\" name=\"code\" type=\"text\" inputmode=\"numeric\" autocomplete=\"off\""
                            " maxlength=\"8\" pattern=\"[0-9]{8}\" required%s>\n",
                            web_tr (lang, N_("我的预约")), page->root, web_lang_query (lang),
                            web_tr (lang, N_("预约码（预约成功时页面上的 8 位数字）")),
                            error ? " aria-invalid=\"true\"" : "");
    if (error) {
        g_string_append (out, "<p class=\"field-error\" id=\"error-code\">");
        web_html_esc (out, error);
        g_string_append (out, "</p>\n");
    }
    g_string_append_printf (out, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
                            "<button type=\"submit\" id=\"find-submit\">%s</button>\n</form>\n</section>\n",
                            page->csrf, web_tr (lang, N_("查询")));
    s_close (out, page);
    return g_string_free (out, FALSE);
}
