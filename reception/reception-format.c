/*  reception-format.c — what the reception desk says about a ticket
 *  (reception-format.h). */
#define G_LOG_DOMAIN "hall-reception"
#include "reception-format.h"
#include "protocol.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

char *
reception_number_parse (const char *entered, const char **problem)
{
    const char *why = NULL;
    g_autofree char *text = g_strdup (entered ? entered : "");
    g_strstrip (text);
    if (g_str_has_prefix (text, "http://") || g_str_has_prefix (text, "https://"))
        why = N_("这是号票上的手机查询二维码，请输入号票上的号码（如 A003）");
    else if (!*text)
        why = N_("请输入号码（如 A003）");
    if (!why) {
        GString *digits = g_string_new (NULL);
        char letter = 0;
        for (const char *c = text; *c; c++) {
            if (*c == ' ')
                continue;
            if (!letter && g_ascii_isalpha (*c) && digits->len == 0)
                letter = g_ascii_toupper (*c);
            else if (letter && g_ascii_isdigit (*c))
                g_string_append_c (digits, *c);
            else {
                letter = 0;
                break;
            }
        }
        //  The numbers of a day run 001–999 (PROTOCOL.md): "A0003" is a typo.
        while (digits->len > 3 && digits->str[0] == '0')
            g_string_erase (digits, 0, 1);
        if (letter && digits->len >= 1 && digits->len <= 3) {
            char *number = g_strdup_printf ("%c%03d", letter, atoi (digits->str));
            g_string_free (digits, TRUE);
            return number;
        }
        g_string_free (digits, TRUE);
        why = N_("号码是一个字母加三位数字，如 A003");
    }
    if (problem)
        *problem = why;
    return NULL;
}

const char *
reception_category_name (json_t *categories, const char *code)
{
    size_t i;
    json_t *category;
    json_array_foreach (categories, i, category) {
        if (g_strcmp0 (json_string_value (json_object_get (category, "code")), code) != 0)
            continue;
        //  The English catalogue translates this field name to "name_en".
        const char *name = json_string_value (json_object_get (category, C_("category name field", "name")));
        if (!name || !*name)
            name = json_string_value (json_object_get (category, "name"));
        if (name)
            return name;
    }
    return code ? code : "?";
}

static const char *
s_state_text (const char *state)
{
    static const struct { const char *state; const char *text; } states[] = {
        { HALL_TICKET_WAITING, N_("等候中") },   { HALL_TICKET_CALLED, N_("已呼叫") },
        { HALL_TICKET_SERVING, N_("办理中") },   { HALL_TICKET_FINISHED, N_("已办结") },
        { HALL_TICKET_NOSHOW, N_("过号") },      { HALL_TICKET_CANCELLED, N_("已取消") },
        { HALL_TICKET_EXPIRED, N_("已过期") },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (states); i++)
        if (g_strcmp0 (states[i].state, state) == 0)
            return _(states[i].text);
    return state ? state : "?";
}

static gint64
s_int (json_t *object, const char *key)
{
    return json_integer_value (json_object_get (object, key));
}

static char *
s_minutes (gint64 seconds)
{
    gint64 minutes = (MAX (seconds, 0) + 59) / 60;
    return g_strdup_printf (_("%d 分钟"), (int) minutes);
}

reception_ticket_t *
reception_ticket_new (json_t *result, json_t *hall, json_t *categories, gint64 now)
{
    json_t *ticket = json_object_get (result, "ticket");
    reception_ticket_t *self = g_new0 (reception_ticket_t, 1);
    const char *state = json_string_value (json_object_get (ticket, "state"));
    self->number = g_strdup (json_string_value (json_object_get (ticket, "number")));
    self->state = g_strdup (state ? state : "");
    self->state_text = g_strdup (s_state_text (state));
    self->category_text = g_strdup (reception_category_name (
        categories, json_string_value (json_object_get (ticket, "category"))));
    const char *green = json_string_value (json_object_get (ticket, "green"));
    if (green && *green) {
        const char *granter = json_string_value (json_object_get (ticket, "granted_by"));
        self->green_text = granter ? g_strdup_printf (_("绿色通道：%s（%s 批准）"), green, granter)
                                   : g_strdup_printf (_("绿色通道：%s"), green);
    }
    json_t *window = json_object_get (ticket, "window");
    self->window_text = json_is_integer (window)
        ? g_strdup_printf (_("%d号窗口"), (int) json_integer_value (window)) : g_strdup ("—");
    g_autofree char *waited = s_minutes (s_int (result, "waited"));
    self->wait_text = json_is_integer (json_object_get (ticket, "called_at"))
        ? g_strdup_printf (_("叫号前等了 %s"), waited) : g_strdup_printf (_("已等 %s"), waited);
    self->calls_text = g_strdup_printf (_("呼叫 %d 次"), (int) s_int (ticket, "calls"));

    //  Re-queueing: the hall's policy and its daily limit (snapshot hall).
    gboolean strict = g_strcmp0 (json_string_value (json_object_get (hall, "missed_policy")), "strict") == 0;
    int left = (int) (s_int (hall, "requeue_max") - s_int (ticket, "requeues"));
    if (strict)
        self->requeues_text = g_strdup (_("本厅过号无效，不能重新排队"));
    else if (left <= 0)
        self->requeues_text = g_strdup (_("今日重新排队次数已用完"));
    else
        self->requeues_text = g_strdup_printf (_("还可重新排队 %d 次"), left);
    gboolean noshow = g_strcmp0 (state, HALL_TICKET_NOSHOW) == 0;
    self->can_requeue = noshow && !strict && left > 0;
    self->can_reprint = g_strcmp0 (state, HALL_TICKET_WAITING) == 0
                     || g_strcmp0 (state, HALL_TICKET_CALLED) == 0
                     || g_strcmp0 (state, HALL_TICKET_SERVING) == 0;
    self->can_cancel = g_strcmp0 (state, HALL_TICKET_WAITING) == 0;

    if (noshow && strict)
        self->hint = g_strdup (_("过号无效：请群众重新取号"));
    else if (noshow && left <= 0)
        self->hint = g_strdup (_("今日已重新排队过多：请群众重新取号"));
    else if (noshow)
        self->hint = g_strdup_printf (_("过号：可重新排队，排在 %d 位等候者之后"),
                                      (int) s_int (hall, "requeue_after"));
    else if (self->can_cancel)
        self->hint = g_strdup (_("等候中：可补打号票或取消"));
    else if (self->can_reprint)
        self->hint = g_strdup (_("正在窗口：可补打号票"));
    else
        self->hint = g_strdup (_("此号已结束，不能再办理"));
    (void) now;
    return self;
}

void
reception_ticket_free (reception_ticket_t *self)
{
    if (!self)
        return;
    g_free (self->number);
    g_free (self->state);
    g_free (self->state_text);
    g_free (self->category_text);
    g_free (self->green_text);
    g_free (self->window_text);
    g_free (self->wait_text);
    g_free (self->calls_text);
    g_free (self->requeues_text);
    g_free (self->hint);
    g_free (self);
}

char *
reception_error_text (int code, const char *message)
{
    static const struct { int code; const char *text; } texts[] = {
        { HALL_E_REQUEUE_REFUSED, N_("本厅过号无效，不能重新排队：请群众重新取号") },
        { HALL_E_REQUEUE_LIMIT, N_("今日重新排队次数已用完：请群众重新取号") },
        { HALL_E_UNKNOWN_TICKET, N_("今天没有这个号码") },
        { HALL_E_BAD_STATE, N_("这个号现在的状态不能这样办理") },
        { HALL_E_AUTH, N_("批准人工号或密码不对") },
        { HALL_E_UNKNOWN_STAFF, N_("没有这个工号") },
        { HALL_E_LOCKED, N_("密码错误次数过多，该工号暂被锁定") },
        { HALL_E_UNKNOWN_CATEGORY, N_("没有这个业务") },
        { HALL_E_CATEGORY_CLOSED, N_("该业务已暂停取号") },
        { HALL_E_OUTSIDE_HOURS, N_("不在该业务的取号时间") },
        { HALL_E_DAILY_CAP, N_("该业务今日号已取完") },
        { HALL_E_TIMEOUT, N_("服务器没有应答（离线）：请稍后再试") },
        { HALL_E_KEY_REFUSED, N_("服务器不认这台导服台的设备密钥：请管理员登记") },
        { HALL_E_REVOKED, N_("这台导服台的设备密钥已被注销") },
        { HALL_E_FORBIDDEN, N_("导服台无权办理此项") },
        { HALL_E_STORAGE, N_("服务器暂时无法保存：请稍后再试") },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (texts); i++)
        if (texts[i].code == code) {
            //  bad_state: the server's message names the state it found.
            if (code == HALL_E_BAD_STATE && message && *message)
                return g_strdup_printf ("%s（%s）", _(texts[i].text), message);
            return g_strdup (_(texts[i].text));
        }
    return g_strdup_printf (_("服务器拒绝：%s"), message && *message ? message : hall_error_name (code));
}
