/*  manager-case.c — see manager-case.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-case.h"
#include "i18n.h"

#include <string.h>

static const char *
s_str (json_t *object, const char *key)
{
    return json_string_value (json_object_get (object, key));
}

static gboolean
s_is (json_t *object, const char *key, const char *value)
{
    return g_strcmp0 (s_str (object, key), value) == 0;
}

unsigned
manager_case_steps (json_t *kase)
{
    if (!json_is_object (kase))
        return 0;
    gboolean anonymous = json_is_true (json_object_get (kase, "anonymous"));
    gboolean rating = !s_is (kase, "kind", "complaint");
    json_t *appeal = json_object_get (kase, "appeal");
    const char *state = s_str (kase, "state");
    unsigned steps = 0;
    if (g_strcmp0 (state, "closed") == 0)
        return 0;
    if (s_is (appeal, "state", "pending"))
        steps |= MANAGER_STEP_DECIDE;
    if (s_is (appeal, "state", "accepted")) {
        steps |= MANAGER_STEP_CLOSE;     /* an accepted appeal lets the case close */
        return steps;
    }
    if (g_strcmp0 (state, "open") == 0)
        steps |= anonymous || !rating ? MANAGER_STEP_RECTIFY : MANAGER_STEP_CONTACT;
    else if (g_strcmp0 (state, "contacted") == 0)
        steps |= MANAGER_STEP_RECTIFY;
    else if (g_strcmp0 (state, "rectified") == 0 || g_strcmp0 (state, "revisited") == 0)
        steps |= anonymous || !rating ? MANAGER_STEP_CLOSE
                                      : MANAGER_STEP_REVISIT | MANAGER_STEP_LINK;
    else if (g_strcmp0 (state, "verdict") == 0) {
        if (s_is (kase, "verdict", "不满意"))
            steps |= MANAGER_STEP_RECTIFY;
        steps |= MANAGER_STEP_CLOSE;
    }
    return steps;
}

const char *
manager_step_action (manager_step_t step)
{
    switch (step) {
    case MANAGER_STEP_CONTACT: return "contact";
    case MANAGER_STEP_RECTIFY: return "rectify";
    case MANAGER_STEP_REVISIT: return "revisit";
    case MANAGER_STEP_CLOSE:   return "close";
    default:                   return NULL;
    }
}

const char *
manager_step_label (manager_step_t step)
{
    switch (step) {
    case MANAGER_STEP_CONTACT: return _("联系…");
    case MANAGER_STEP_RECTIFY: return _("整改…");
    case MANAGER_STEP_REVISIT: return _("回访…");
    case MANAGER_STEP_LINK:    return _("发送回访链接");
    case MANAGER_STEP_CLOSE:   return _("结案…");
    case MANAGER_STEP_DECIDE:  return _("裁决申诉…");
    default:                   return "?";
    }
}

static const char *const s_states[] = { "open", "contacted", "rectified", "verdict", "closed", NULL };

const char *const *
manager_case_states (void)
{
    return s_states;
}

const char *
manager_case_state_name (const char *state)
{
    if (g_strcmp0 (state, "open") == 0)      return _("待联系");
    if (g_strcmp0 (state, "contacted") == 0) return _("已联系，待整改");
    if (g_strcmp0 (state, "rectified") == 0) return _("已整改，待回访");
    if (g_strcmp0 (state, "revisited") == 0) return _("已回访，待评价");
    if (g_strcmp0 (state, "verdict") == 0)   return _("已回访");
    if (g_strcmp0 (state, "closed") == 0)    return _("已结案");
    return state ? state : "?";
}

const char *
manager_case_state_text (json_t *kase)
{
    const char *state = s_str (kase, "state");
    gboolean anonymous = json_is_true (json_object_get (kase, "anonymous"));
    if (anonymous && g_strcmp0 (state, "open") == 0)
        return _("匿名，待整改");
    if (anonymous && g_strcmp0 (state, "rectified") == 0)
        return _("已整改，待结案");
    if (g_strcmp0 (state, "verdict") == 0) {
        const char *verdict = s_str (kase, "verdict");
        if (g_strcmp0 (verdict, "满意") == 0)   return _("已回访：满意");
        if (g_strcmp0 (verdict, "基本满意") == 0) return _("已回访：基本满意");
        if (g_strcmp0 (verdict, "不满意") == 0)  return _("已回访：不满意");
    }
    return manager_case_state_name (state);
}

const char *
manager_case_method_text (const char *method)
{
    if (g_strcmp0 (method, "phone") == 0) return _("电话");
    if (g_strcmp0 (method, "sms") == 0)   return _("短信");
    if (g_strcmp0 (method, "visit") == 0) return _("上门");
    return method ? method : "";
}

/* The masked number a phone-call verdict was heard on: the case's
 * verdict_phone, else the revisit action's `called`. */
static const char *
s_called (json_t *kase, json_t *actions)
{
    const char *phone = s_str (kase, "verdict_phone");
    size_t i;
    json_t *action;
    json_array_foreach (actions, i, action)
        if (!phone && s_is (action, "action", "revisit") && s_str (action, "called"))
            phone = s_str (action, "called");
    return phone;
}

char *
manager_case_verdict_source (json_t *kase, json_t *actions)
{
    const char *source = s_str (kase, "verdict_source");
    if (!s_str (kase, "verdict"))
        return NULL;
    if (g_strcmp0 (source, "visitor") == 0)
        return g_strdup (_("访客本人通过链接"));
    if (g_strcmp0 (source, "phone_call") == 0) {
        const char *called = s_called (kase, actions);
        return called ? g_strdup_printf (_("电话回访 %s"), called) : g_strdup (_("电话回访"));
    }
    if (g_strcmp0 (source, "visit") == 0)
        return g_strdup (_("上门回访"));
    return g_strdup (_("回访记录（旧版，无来源）"));
}

const char *
manager_case_appeal_text (json_t *kase)
{
    json_t *appeal = json_object_get (kase, "appeal");
    if (s_is (appeal, "state", "pending"))  return _("申诉待裁决");
    if (s_is (appeal, "state", "accepted")) return _("申诉已采纳");
    if (s_is (appeal, "state", "rejected")) return _("申诉未采纳");
    return "";
}

const char *
manager_rating_channel_text (const char *channel)
{
    if (g_strcmp0 (channel, "pad") == 0)     return _("窗口评价器");
    if (g_strcmp0 (channel, "phone") == 0)   return _("手机扫码评价");
    if (g_strcmp0 (channel, "admin") == 0)   return _("管理员录入");
    if (g_strcmp0 (channel, "default") == 0) return _("系统默认");
    return channel ? channel : "-";
}

const char *
manager_case_contact_text (json_t *kase)
{
    return json_is_true (json_object_get (kase, "anonymous")) ? _("匿名：无法联系") : _("实名");
}

static gboolean
s_has_suffix (const char *name, const char *const *suffixes)
{
    g_autofree char *lower = g_ascii_strdown (name ? name : "", -1);
    for (; *suffixes; suffixes++)
        if (g_str_has_suffix (lower, *suffixes))
            return TRUE;
    return FALSE;
}

const char *
manager_evidence_type (const char *name, const guchar *data, gsize size, char **why)
{
    static const char *const png[] = { ".png", NULL }, *const jpeg[] = { ".jpg", ".jpeg", NULL },
                      *const pdf[] = { ".pdf", NULL }, *const text[] = { ".txt", ".text", NULL };
    *why = NULL;
    if (size == 0) {
        *why = g_strdup (_("文件是空的"));
        return NULL;
    }
    if (size > MANAGER_EVIDENCE_MAX) {
        *why = g_strdup_printf (_("文件过大（%.1f MB），证据材料最大 2 MB"), size / 1048576.0);
        return NULL;
    }
    /* The content decides, the name must agree: a renamed file is refused. */
    if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0 && s_has_suffix (name, png))
        return "image/png";
    if (size >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0 && s_has_suffix (name, jpeg))
        return "image/jpeg";
    if (size >= 5 && memcmp (data, "%PDF-", 5) == 0 && s_has_suffix (name, pdf))
        return "application/pdf";
    if (s_has_suffix (name, text) && g_utf8_validate ((const char *) data, (gssize) size, NULL)
        && !memchr (data, 0, size))
        return "text/plain";
    *why = g_strdup (_("只能上传 PNG、JPEG 图片，PDF 或文本文件"));
    return NULL;
}
