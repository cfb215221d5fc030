/*  protocol.c — codec and validation of the hall protocol (protocol.h).
 *
 *  Everything here runs on bytes from the network: it checks, it never
 *  trusts, and it never asserts on input.
 */
#include "protocol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

/* ---- error codes --------------------------------------------------------- */

/* Each code's name on the wire, its English text for replies and logs, and
 * the text the hall's staff read in the GUIs (Chinese, translated through
 * the program's catalogue: hall_error_shown()). */
static const struct {
    const char *name;
    const char *text;
    const char *shown;
} s_errors[HALL_E__COUNT] = {
    [HALL_OK]                 = { "ok",                "ok", N_("成功") },
    [HALL_E_MALFORMED]        = { "malformed",         "the message is not a valid request", N_("请求格式有误，请联系管理员") },
    [HALL_E_BAD_FIELD]        = { "bad_field",         "a field is missing, mistyped or out of range", N_("请求参数有误") },
    [HALL_E_UNKNOWN_OP]       = { "unknown_op",        "no such operation", N_("服务器不支持此操作") },
    [HALL_E_FORBIDDEN]        = { "forbidden",         "this role may not do that", N_("无权进行此操作") },
    [HALL_E_UNKNOWN_CATEGORY] = { "unknown_category",  "no such category", N_("没有这个业务类别") },
    [HALL_E_UNKNOWN_WINDOW]   = { "unknown_window",    "no such window", N_("没有这个窗口") },
    [HALL_E_UNKNOWN_TICKET]   = { "unknown_ticket",    "no such ticket today", N_("今天没有这个号码") },
    [HALL_E_UNKNOWN_STAFF]    = { "unknown_staff",     "no such staff member", N_("没有这个工号") },
    [HALL_E_BAD_STATE]        = { "bad_state",         "not allowed in the current state", N_("当前状态下不能进行此操作") },
    [HALL_E_CATEGORY_CLOSED]  = { "category_closed",   "the category is closed for issuing", N_("该业务已暂停取号") },
    [HALL_E_OUTSIDE_HOURS]    = { "outside_hours",     "outside the category's issuing hours", N_("不在该业务的取号时间内") },
    [HALL_E_DAILY_CAP]        = { "daily_cap",         "the category's tickets for today are all issued", N_("该业务今日号源已发完") },
    [HALL_E_DUPLICATE_PERSON] = { "duplicate_person",  "this person already has a waiting ticket in this category", N_("该群众在此业务已有等待中的号码") },
    [HALL_E_WINDOW_PAUSED]    = { "window_paused",     "the window is paused", N_("窗口已暂停服务，请先恢复") },
    [HALL_E_WINDOW_BUSY]      = { "window_busy",       "the window already has a ticket called or in service", N_("窗口还有正在呼叫或办理的号码，请先办结") },
    [HALL_E_REQUEUE_REFUSED]  = { "requeue_refused",   "missed numbers are void; take a new ticket", N_("过号无效，请重新取号") },
    [HALL_E_REQUEUE_LIMIT]    = { "requeue_limit",     "the ticket was re-queued too often today", N_("该号码今日重新排队次数已满") },
    [HALL_E_CLERK_ELSEWHERE]  = { "clerk_elsewhere",   "the clerk is signed in at another window", N_("该工作人员已在其他窗口登录，请先在那里签退") },
    [HALL_E_AUTH]             = { "auth",              "wrong staff id or password", N_("工号或密码错误") },
    [HALL_E_TOO_LARGE]        = { "too_large",         "the message is too large", N_("请求过大") },
    [HALL_E_NO_TEST_CLOCK]    = { "no_test_clock",     "the server runs on the real clock", N_("服务器未使用测试时钟") },
    [HALL_E_STORAGE]          = { "storage",           "the database refused the change; nothing was changed", N_("服务器数据库写入失败，操作未生效，请重试") },
    [HALL_E_INTERNAL]         = { "internal",          "internal error", N_("服务器内部错误") },
    [HALL_E_TIMEOUT]          = { "timeout",           "no reply from the server", N_("服务器没有响应，操作可能未生效") },
    [HALL_E_ALREADY_RATED]    = { "already_rated",     "the ticket is already rated", N_("该号码已经评价过") },
    [HALL_E_REASON_REQUIRED]  = { "reason_required",   "a bad rating needs at least one reason", N_("差评需要至少一项原因") },
    [HALL_E_UNKNOWN_REASON]   = { "unknown_reason",    "no such rating reason", N_("没有这个评价原因") },
    [HALL_E_UNKNOWN_CASE]     = { "unknown_case",      "no such follow-up case", N_("没有这个跟进案件") },
    [HALL_E_NOT_SIGNED_IN]    = { "not_signed_in",     "no clerk is signed in at this window", N_("本窗口尚无工作人员登录") },
    [HALL_E_LOCKED]           = { "locked",            "too many failed sign-ins; try again later", N_("登录失败次数过多，请稍后再试") },
    [HALL_E_REVOKED]          = { "revoked",           "this device's key was revoked", N_("本终端的设备密钥已被吊销，请联系管理员") },
    [HALL_E_KEY_REFUSED]      = { "key_refused",       "refused by the server: this key is not enrolled (or was revoked)", N_("服务器拒绝了本设备的密钥（未登记或已吊销），请联系管理员") },
    [HALL_E_SLOT_FULL]        = { "slot_full",         "the appointment slot is fully booked", N_("该时段预约已满") },
    [HALL_E_BOOKING_BANNED]   = { "booking_banned",    "too many missed appointments lately: booking is suspended for a while", N_("近期多次预约未到，暂停预约") },
    [HALL_E_BOOKING_UNKNOWN]  = { "booking_unknown",   "no booking with this code, or none today for this person", N_("未找到该预约") },
    [HALL_E_DUPLICATE_MATTER] = { "duplicate_matter",  "this 办件编号 is recorded already", N_("该办件编号已经录入过") },
    [HALL_E_MATTER_REQUIRED]  = { "matter_required",   "this category needs a 办件编号 before finish", N_("请先录入办件编号再办结") },
    [HALL_E_RECORD_REQUIRED]  = { "record_required",   "this follow-up step needs its record", N_("此步骤须填写记录") },
    [HALL_E_TOO_SOON]         = { "too_soon",          "too soon for a no-show", N_("叫号后等候时间不足，暂不能记为过号，请先重呼") },
};

const char *
hall_error_shown (hall_error_t code)
{
    if (code < 0 || code >= HALL_E__COUNT)
        code = HALL_E_INTERNAL;
    return _(s_errors[code].shown);
}

const char *
hall_error_name (hall_error_t code)
{
    if (code < 0 || code >= HALL_E__COUNT)
        return "internal";
    return s_errors[code].name;
}

const char *
hall_error_text (hall_error_t code)
{
    if (code < 0 || code >= HALL_E__COUNT)
        return "internal error";
    return s_errors[code].text;
}

hall_error_t
hall_error_from_name (const char *name)
{
    if (name)
        for (int i = 0; i < HALL_E__COUNT; i++)
            if (strcmp (s_errors[i].name, name) == 0)
                return (hall_error_t) i;
    return HALL_E_INTERNAL;
}

/* ---- roles --------------------------------------------------------------- */

static const char *s_roles[HALL_ROLE__COUNT] = {
    [HALL_ROLE_NONE]       = "none",
    [HALL_ROLE_KIOSK]      = "kiosk",
    [HALL_ROLE_COUNTER]    = "counter",
    [HALL_ROLE_DISPLAY]    = "display",
    [HALL_ROLE_MANAGER]    = "manager",
    [HALL_ROLE_ADMIN]      = "admin",
    [HALL_ROLE_RATING_PAD] = "rating_pad",
    [HALL_ROLE_WEB]        = "web",
    [HALL_ROLE_GOV_SYNC]   = "gov_sync",
    [HALL_ROLE_RECEPTION]  = "reception",
    [HALL_ROLE_UPLINK]     = "uplink",
};

const char *
hall_role_name (hall_role_t role)
{
    if (role <= HALL_ROLE_NONE || role >= HALL_ROLE__COUNT)
        return "none";
    return s_roles[role];
}

hall_role_t
hall_role_from_name (const char *name)
{
    if (name)
        for (int i = 1; i < HALL_ROLE__COUNT; i++)
            if (strcmp (s_roles[i], name) == 0)
                return (hall_role_t) i;
    return HALL_ROLE_NONE;
}

/* ---- operations and their argument schemas ------------------------------- */

/* F_TEXT: free text up to HALL_MAX_TEXT bytes (line breaks allowed);
 * F_BLOB: base64 up to HALL_MAX_BLOB bytes; F_INTS: up to 64 integers. */
typedef enum { F_STRING, F_INT, F_BOOL, F_WINDOW, F_STRINGS, F_TEXT, F_BLOB, F_INTS } field_type_t;

typedef struct {
    const char   *name;
    field_type_t  type;
    bool          required;
} field_t;

#define R(role) (1u << HALL_ROLE_##role)
#define ALL_ROLES (R(KIOSK) | R(COUNTER) | R(DISPLAY) | R(MANAGER) | R(ADMIN) | R(RATING_PAD) | R(WEB))

typedef struct {
    const char *name;
    unsigned    roles;          /* bit per hall_role_t */
    unsigned    flags;          /* HALL_OPF_*: what else holds for the operation */
    field_t     fields[16];      /* terminated by name == NULL */
    const char *example;        /* valid arguments, as JSON (docs, tests) */
} op_spec_t;

#define W   HALL_OPF_WRITES
#define WC  (HALL_OPF_WRITES | HALL_OPF_CLERK)

static const op_spec_t s_ops[HALL_OP__COUNT] = {
    [HALL_OP_SNAPSHOT] = { "snapshot", ALL_ROLES | R(GOV_SYNC) | R(RECEPTION) | R(UPLINK), 0, { { NULL } },
                           "{}" },
    [HALL_OP_STATUS]   = { "status", ALL_ROLES | R(RECEPTION), 0,
                           { { "ticket", F_STRING, false }, { NULL } },
                           "{\"ticket\": \"A001\"}" },
    [HALL_OP_ISSUE]    = { "issue", R(KIOSK) | R(MANAGER) | R(ADMIN) | R(RECEPTION), W | HALL_OPF_ISSUE_CACHE,
                           { { "category", F_STRING, true },
                             { "green", F_STRING, false },
                             { "granted_by", F_STRING, false },
                             { "person", F_STRING, false },
                             { "password", F_STRING, false },
                             { NULL } },
                           "{\"category\": \"a\"}" },
    [HALL_OP_CALL]     = { "call", R(COUNTER) | R(ADMIN), WC,
                           { { "window", F_WINDOW, true }, { NULL } },
                           "{\"window\": 1}" },
    [HALL_OP_RECALL]   = { "recall", R(COUNTER) | R(ADMIN), WC,
                           { { "window", F_WINDOW, true }, { NULL } },
                           "{\"window\": 1}" },
    [HALL_OP_START]    = { "start", R(COUNTER) | R(ADMIN), WC,
                           { { "window", F_WINDOW, true }, { NULL } },
                           "{\"window\": 1}" },
    [HALL_OP_FINISH]   = { "finish", R(COUNTER) | R(ADMIN), WC,
                           { { "window", F_WINDOW, true }, { NULL } },
                           "{\"window\": 1}" },
    [HALL_OP_NOSHOW]   = { "noshow", R(COUNTER) | R(ADMIN), WC,
                           { { "window", F_WINDOW, true }, { NULL } },
                           "{\"window\": 1}" },
    [HALL_OP_REQUEUE]  = { "requeue", R(COUNTER) | R(KIOSK) | R(MANAGER) | R(ADMIN) | R(RECEPTION), W,
                           { { "ticket", F_STRING, true }, { NULL } },
                           "{\"ticket\": \"A001\"}" },
    [HALL_OP_TRANSFER] = { "transfer", R(COUNTER) | R(ADMIN), WC,
                           { { "window", F_WINDOW, true },
                             { "to_category", F_STRING, false },
                             { "to_window", F_WINDOW, false },
                             { NULL } },
                           "{\"window\": 1, \"to_category\": \"b\"}" },
    [HALL_OP_CANCEL]   = { "cancel", R(KIOSK) | R(COUNTER) | R(MANAGER) | R(ADMIN) | R(RECEPTION), W,
                           { { "ticket", F_STRING, true }, { NULL } },
                           "{\"ticket\": \"A001\"}" },
    [HALL_OP_PAUSE]    = { "pause", R(COUNTER) | R(MANAGER) | R(ADMIN), WC,
                           { { "window", F_WINDOW, true },
                             { "reason", F_STRING, false }, { NULL } },
                           "{\"window\": 1}" },
    [HALL_OP_RESUME]   = { "resume", R(COUNTER) | R(MANAGER) | R(ADMIN), W,
                           { { "window", F_WINDOW, true }, { NULL } },
                           "{\"window\": 1}" },
    [HALL_OP_SIGNIN]   = { "signin", R(COUNTER) | R(ADMIN), W,
                           { { "window", F_WINDOW, true },
                             { "staff", F_STRING, true },
                             { "password", F_STRING, false }, { NULL } },
                           "{\"window\": 1, \"staff\": \"1\"}" },
    [HALL_OP_SIGNOUT]  = { "signout", R(COUNTER) | R(MANAGER) | R(ADMIN), W,
                           { { "window", F_WINDOW, true }, { NULL } },
                           "{\"window\": 1}" },
    [HALL_OP_WINDOW_MAP] = { "window.map", R(MANAGER) | R(ADMIN), W | HALL_OPF_MAPS_WINDOWS,
                           { { "window", F_WINDOW, true },
                             { "primary", F_STRINGS, true },
                             { "backup", F_STRINGS, false }, { NULL } },
                           "{\"window\": 1, \"primary\": [\"b\"]}" },
    [HALL_OP_CATEGORY_OPEN] = { "category.open", R(MANAGER) | R(ADMIN), W,
                           { { "category", F_STRING, true },
                             { "open", F_BOOL, true }, { NULL } },
                           "{\"category\": \"a\", \"open\": false}" },
    [HALL_OP_CLOCK]    = { "clock", R(ADMIN), W,
                           { { "set", F_INT, false },
                             { "advance", F_INT, false }, { NULL } },
                           "{\"advance\": 60}" },
    [HALL_OP_RATE]     = { "rate", R(RATING_PAD) | R(WEB) | R(ADMIN), W,
                           { { "window", F_WINDOW, false },
                             { "ticket", F_STRING, false },
                             { "token", F_STRING, false },
                             { "day", F_STRING, false },
                             { "step", F_INT, false },
                             { "level", F_INT, true },
                             { "reasons", F_STRINGS, false },
                             { "text", F_STRING, false },
                             { "contact_phone", F_STRING, false },
                             { "consent", F_BOOL, false },
                             { "case_token", F_STRING, false }, { NULL } },
                           "{\"window\": 1, \"level\": 5}" },
    [HALL_OP_RATING_REASONS] = { "rating.reasons", ALL_ROLES | R(GOV_SYNC) | R(RECEPTION), 0, { { NULL } },
                           "{}" },
    [HALL_OP_CASE_UPDATE] = { "case.update", R(MANAGER) | R(ADMIN), W,
                           { { "case", F_INT, true },
                             { "action", F_STRING, true },
                             { "note", F_TEXT, false },
                             { "verdict", F_STRING, false },
                             { "reason", F_TEXT, false },
                             { "method", F_STRING, false },
                             { "at", F_INT, false },
                             { "by", F_STRING, false },
                             { "evidence", F_INTS, false },
                             { "called", F_STRING, false }, { NULL } },
                           "{\"case\": 1, \"action\": \"contact\", \"method\": \"phone\", \"note\": \"约定三日内答复\"}" },
    [HALL_OP_CASES]    = { "cases", R(COUNTER) | R(MANAGER) | R(ADMIN), 0,
                           { { "filter", F_STRING, false },
                             { "from", F_STRING, false },
                             { "to", F_STRING, false },
                             { "window", F_INT, false },
                             { "clerk", F_STRING, false },
                             { "department", F_STRING, false },
                             { "category", F_STRING, false },
                             { "state", F_STRING, false },
                             { "matter", F_STRING, false },
                             { "number", F_STRING, false },
                             { "anonymous", F_BOOL, false },
                             { "appeal", F_STRING, false },
                             { "limit", F_INT, false }, { NULL } },
                           "{}" },
    [HALL_OP_CASE_GET] = { "case.get", R(COUNTER) | R(MANAGER) | R(ADMIN), 0,
                           { { "case", F_INT, true },
                             { "reveal", F_BOOL, false }, { NULL } },
                           "{\"case\": 1}" },
    [HALL_OP_CASE_EVIDENCE_ADD] = { "case.evidence.add", R(COUNTER) | R(MANAGER) | R(ADMIN), W,
                           { { "case", F_INT, true },
                             { "id", F_INT, false },
                             { "name", F_STRING, false },
                             { "type", F_STRING, false },
                             { "size", F_INT, false },
                             { "offset", F_INT, false },
                             { "data", F_BLOB, true }, { NULL } },
                           "{\"case\": 1, \"name\": \"a.txt\", \"type\": \"text/plain\", \"size\": 2, \"data\": \"b2s=\"}" },
    [HALL_OP_CASE_EVIDENCE_GET] = { "case.evidence.get", R(COUNTER) | R(MANAGER) | R(ADMIN), 0,
                           { { "id", F_INT, true },
                             { "offset", F_INT, false }, { NULL } },
                           "{\"id\": 1}" },
    [HALL_OP_CASE_APPEAL] = { "case.appeal", R(COUNTER) | R(ADMIN), W,
                           { { "case", F_INT, true },
                             { "reason", F_TEXT, true },
                             { "evidence", F_INTS, false },
                             { "staff", F_STRING, false }, { NULL } },
                           "{\"case\": 1, \"reason\": \"访客所述与监控不符\", \"staff\": \"1001\"}" },
    [HALL_OP_CASE_DECIDE] = { "case.decide", R(MANAGER) | R(ADMIN), W,
                           { { "case", F_INT, true },
                             { "decision", F_STRING, true },
                             { "note", F_TEXT, true },
                             { "staff", F_STRING, true },
                             { "password", F_STRING, true }, { NULL } },
                           "{\"case\": 1, \"decision\": \"rejected\", \"note\": \"理由不足\", \"staff\": \"9001\", \"password\": \"secret-9\"}" },
    [HALL_OP_CASE_LINK] = { "case.link", R(MANAGER) | R(ADMIN), W,
                           { { "case", F_INT, true },
                             { "send", F_BOOL, false }, { NULL } },
                           "{\"case\": 1}" },
    [HALL_OP_CASE_VIEW] = { "case.view", R(WEB) | R(ADMIN), 0,
                           { { "token", F_STRING, true }, { NULL } },
                           "{\"token\": \"AAAAAAAAAAAAAAAAAAAAAA\"}" },
    [HALL_OP_CASE_VERDICT] = { "case.verdict", R(WEB) | R(ADMIN), W,
                           { { "token", F_STRING, true },
                             { "verdict", F_STRING, true },
                             { "text", F_TEXT, false }, { NULL } },
                           "{\"token\": \"AAAAAAAAAAAAAAAAAAAAAA\", \"verdict\": \"满意\"}" },
    [HALL_OP_DEVICE_TROUBLE] = { "device.trouble", R(KIOSK) | R(COUNTER) | R(DISPLAY) | R(RATING_PAD) | R(ADMIN), W,
                           { { "part", F_STRING, true },
                             { "state", F_STRING, true },
                             { "detail", F_STRING, false }, { NULL } },
                           "{\"part\": \"printer\", \"state\": \"paper_out\"}" },
    [HALL_OP_ALERT_RAISE] = { "alert.raise", R(MANAGER) | R(ADMIN), W,
                           { { "subject", F_STRING, true },
                             { "kind", F_STRING, true },
                             { "urgency", F_STRING, true },
                             { "summary", F_STRING, true },
                             { "body", F_TEXT, false }, { NULL } },
                           "{\"subject\": \"wait:a\", \"kind\": \"wait\", \"urgency\": \"normal\", \"summary\": \"甲 等候超时\"}" },
    [HALL_OP_ALERT_CLEAR] = { "alert.clear", R(MANAGER) | R(ADMIN), W,
                           { { "subject", F_STRING, true }, { NULL } },
                           "{\"subject\": \"wait:a\"}" },
    [HALL_OP_ALERTS] = { "alerts", R(MANAGER) | R(ADMIN), 0,
                           { { "from", F_STRING, false },
                             { "to", F_STRING, false }, { NULL } },
                           "{}" },
    [HALL_OP_MANAGER_SIGNIN] = { "manager.signin", R(MANAGER), W,
                           { { "staff", F_STRING, true },
                             { "password", F_STRING, true }, { NULL } },
                           "{\"staff\": \"9001\", \"password\": \"secret-9\"}" },
    [HALL_OP_MANAGER_SIGNOUT] = { "manager.signout", R(MANAGER), W, { { NULL } },
                           "{}" },
    [HALL_OP_SETTINGS_GET] = { "settings.get", R(MANAGER) | R(ADMIN), 0, { { NULL } },
                           "{}" },
    [HALL_OP_SETTINGS_SET] = { "settings.set", R(MANAGER) | R(ADMIN), W,
                           { { "group", F_STRING, true },
                             { "key", F_STRING, false },
                             { "value", F_TEXT, false },
                             { "remove", F_BOOL, false }, { NULL } },
                           "{\"group\": \"category a\", \"key\": \"target_wait\", \"value\": \"20\"}" },
    [HALL_OP_SETTINGS_IMPORT] = { "settings.import", R(MANAGER) | R(ADMIN), W,
                           { { "settings", F_BLOB, true },
                             { "dry_run", F_BOOL, false }, { NULL } },
                           "{\"settings\": \"[hall]\\nname=x\\n\", \"dry_run\": true}" },
    [HALL_OP_SETTINGS_AUDIT] = { "settings.audit", R(MANAGER) | R(ADMIN), 0,
                           { { "limit", F_INT, false }, { NULL } },
                           "{}" },
    [HALL_OP_REPORT_NATIONAL] = { "report.national", R(MANAGER) | R(ADMIN), HALL_OPF_REPORTER,
                           { { "month", F_STRING, true },
                             { "by", F_STRING, false }, { NULL } },
                           "{\"month\": \"2026-11\"}" },
    [HALL_OP_REPORT]   = { "report", R(MANAGER) | R(ADMIN), HALL_OPF_REPORTER,
                           { { "from", F_STRING, true },
                             { "to", F_STRING, true },
                             { "by", F_STRING, false }, { NULL } },
                           "{\"from\": \"2026-11-27\", \"to\": \"2026-11-27\"}" },
    [HALL_OP_DEVICE_ENROLL] = { "device.enroll", R(MANAGER) | R(ADMIN), W,
                           { { "role", F_STRING, true },
                             { "window", F_WINDOW, false },
                             { "name", F_STRING, false },
                             { "public_key", F_STRING, true }, { NULL } },
                           "{\"role\": \"kiosk\", \"public_key\": \"0123456789012345678901234567890123456789\"}" },
    [HALL_OP_DEVICE_LIST] = { "device.list", R(MANAGER) | R(ADMIN), 0, { { NULL } },
                           "{}" },
    [HALL_OP_DEVICE_REVOKE] = { "device.revoke", R(MANAGER) | R(ADMIN), W | HALL_OPF_REVOKES,
                           { { "id", F_STRING, true }, { NULL } },
                           "{\"id\": \"kiosk-1\"}" },
    [HALL_OP_STAFF_PASSWORD] = { "staff.password", R(MANAGER) | R(ADMIN), W,
                           { { "staff", F_STRING, true },
                             { "password", F_STRING, true }, { NULL } },
                           "{\"staff\": \"1\", \"password\": \"secret-1\"}" },
    [HALL_OP_TICKET_FIND] = { "ticket.find", R(COUNTER) | R(MANAGER) | R(ADMIN) | R(RECEPTION), 0,
                           { { "number", F_STRING, true },
                             { "day", F_STRING, false }, { NULL } },
                           "{\"number\": \"A001\"}" },
    [HALL_OP_GOV_PENDING] = { "gov.pending", R(GOV_SYNC) | R(ADMIN), 0,
                           { { "limit", F_INT, false }, { NULL } },
                           "{\"limit\": 20}" },
    [HALL_OP_GOV_RESULT] = { "gov.result", R(GOV_SYNC) | R(ADMIN), W,
                           { { "id", F_INT, true },
                             { "outcome", F_STRING, true },
                             { "reason", F_STRING, false },
                             { "platform_id", F_STRING, false }, { NULL } },
                           "{\"id\": 1, \"outcome\": \"accepted\"}" },
    [HALL_OP_EVENTS_READ] = { "events.read", R(UPLINK) | R(ADMIN), 0,
                           { { "after", F_INT, true },
                             { "limit", F_INT, false }, { NULL } },
                           "{\"after\": 0, \"limit\": 500}" },
    [HALL_OP_GOV_HELD] = { "gov.held", R(MANAGER) | R(ADMIN), 0, { { NULL } },
                           "{}" },
    [HALL_OP_MATTER_ADD] = { "matter.add", R(COUNTER) | R(ADMIN), WC,
                           { { "window", F_WINDOW, true },
                             { "number", F_STRING, true }, { NULL } },
                           "{\"window\": 1, \"number\": \"330102202612010001\"}" },
    [HALL_OP_MATTER_REMOVE] = { "matter.remove", R(COUNTER) | R(ADMIN), WC,
                           { { "window", F_WINDOW, true },
                             { "number", F_STRING, true }, { NULL } },
                           "{\"window\": 1, \"number\": \"330102202612010001\"}" },
    [HALL_OP_TICKET_REPRINT] = { "ticket.reprint", R(MANAGER) | R(ADMIN) | R(RECEPTION), W,
                           { { "ticket", F_STRING, true }, { NULL } },
                           "{\"ticket\": \"A001\"}" },
    [HALL_OP_TICKET_VIEW] = { "ticket.view", R(WEB) | R(ADMIN), 0,
                           { { "token", F_STRING, true }, { NULL } },
                           "{\"token\": \"AAAAAAAAAAAAAAAAAAAAAA\"}" },
    [HALL_OP_NOTIFY_SUBSCRIBE] = { "notify.subscribe", R(WEB) | R(ADMIN), W,
                           { { "token", F_STRING, true },
                             { "phone", F_STRING, true }, { NULL } },
                           "{\"token\": \"AAAAAAAAAAAAAAAAAAAAAA\", \"phone\": \"13800138000\"}" },
    [HALL_OP_NOTIFY_OWED] = { "notify.owed", R(WEB) | R(ADMIN), W, { { NULL } },
                           "{}" },
    [HALL_OP_NOTIFY_SENT] = { "notify.sent", R(WEB) | R(ADMIN), W,
                           { { "id", F_INT, true },
                             { "ok", F_BOOL, false }, { NULL } },
                           "{\"id\": 1}" },
    [HALL_OP_BOOKING_SLOTS] = { "booking.slots", ALL_ROLES | R(RECEPTION), 0,
                           { { "category", F_STRING, true }, { NULL } },
                           "{\"category\": \"a\"}" },
    [HALL_OP_BOOKING_CREATE] = { "booking.create", R(WEB) | R(COUNTER) | R(MANAGER) | R(ADMIN), W,
                           { { "category", F_STRING, true },
                             { "day", F_STRING, true },
                             { "slot", F_STRING, true },
                             { "name", F_STRING, true },
                             { "document", F_STRING, false },
                             { "id_number", F_STRING, true },
                             { "phone", F_STRING, true },
                             { "credit_code", F_STRING, false }, { NULL } },
                           "{\"category\": \"a\", \"day\": \"2026-11-30\", \"slot\": \"09:00\", \"name\": \"张三\","
                           " \"id_number\": \"11010519491231002X\", \"phone\": \"13800138000\"}" },
    [HALL_OP_BOOKING_CANCEL] = { "booking.cancel", R(WEB) | R(COUNTER) | R(MANAGER) | R(ADMIN), W,
                           { { "code", F_STRING, true }, { NULL } },
                           "{\"code\": \"12345678\"}" },
    [HALL_OP_BOOKING_LIST] = { "booking.list", R(MANAGER) | R(ADMIN), 0,
                           { { "day", F_STRING, false },
                             { "category", F_STRING, false }, { NULL } },
                           "{}" },
    [HALL_OP_BOOKING_FIND] = { "booking.find", R(KIOSK) | R(COUNTER) | R(MANAGER) | R(WEB) | R(ADMIN) | R(RECEPTION), 0,
                           { { "code", F_STRING, true }, { NULL } },
                           "{\"code\": \"12345678\"}" },
    [HALL_OP_BOOKING_SUMMARY] = { "booking.summary", R(COUNTER) | R(MANAGER) | R(ADMIN), 0,
                           { { "from", F_STRING, false },
                             { "days", F_INT, false }, { NULL } },
                           "{}" },
    [HALL_OP_BOOKING_CHECKIN] = { "booking.checkin", R(KIOSK) | R(COUNTER) | R(MANAGER) | R(ADMIN) | R(RECEPTION),
                           W | HALL_OPF_ISSUE_CACHE,
                           { { "code", F_STRING, false },
                             { "document", F_STRING, false },
                             { "id_number", F_STRING, false }, { NULL } },
                           "{\"code\": \"12345678\"}" },
    [HALL_OP_JOURNEY_ISSUE] = { "journey.issue", R(KIOSK) | R(MANAGER) | R(ADMIN), W | HALL_OPF_ISSUE_CACHE,
                           { { "journey", F_STRING, true },
                             { "person", F_STRING, false }, { NULL } },
                           "{\"journey\": \"kaiban\"}" },
    [HALL_OP_JOURNEY_START] = { "journey.start", R(COUNTER) | R(ADMIN), W | HALL_OPF_CLERK,
                           { { "window", F_WINDOW, true },
                             { "journey", F_STRING, true }, { NULL } },
                           "{\"window\": 1, \"journey\": \"kaiban\"}" },
    [HALL_OP_JOURNEY_SKIP] = { "journey.skip", R(COUNTER) | R(ADMIN), W | HALL_OPF_CLERK,
                           { { "window", F_WINDOW, true },
                             { "step", F_INT, false }, { NULL } },
                           "{\"window\": 1}" },
    [HALL_OP_JOURNEY_BACK] = { "journey.back", R(COUNTER) | R(ADMIN), W | HALL_OPF_CLERK,
                           { { "window", F_WINDOW, true },
                             { "step", F_INT, true }, { NULL } },
                           "{\"window\": 1, \"step\": 0}" },
    [HALL_OP_JOURNEY_END] = { "journey.end", R(COUNTER) | R(ADMIN), W | HALL_OPF_CLERK,
                           { { "window", F_WINDOW, true },
                             { "reason", F_STRING, false }, { NULL } },
                           "{\"window\": 1}" },
    [HALL_OP_JOURNEY_ACCOMPANY] = { "journey.accompany", R(COUNTER) | R(MANAGER) | R(ADMIN), W,
                           { { "ticket", F_STRING, true },
                             { "staff", F_STRING, false },
                             { "release", F_BOOL, false }, { NULL } },
                           "{\"ticket\": \"A001\", \"staff\": \"1001\"}" },
    [HALL_OP_JOURNEYS] = { "journeys", R(COUNTER) | R(MANAGER) | R(ADMIN), 0,
                           { { "helper", F_STRING, false }, { NULL } },
                           "{}" },
};

const char *
hall_op_example (hall_op_t op)
{
    return op > HALL_OP_NONE && op < HALL_OP__COUNT ? s_ops[op].example : NULL;
}

const char *
hall_op_name (hall_op_t op)
{
    if (op <= HALL_OP_NONE || op >= HALL_OP__COUNT)
        return "none";
    return s_ops[op].name;
}

hall_op_t
hall_op_from_name (const char *name)
{
    if (name)
        for (int i = 1; i < HALL_OP__COUNT; i++)
            if (strcmp (s_ops[i].name, name) == 0)
                return (hall_op_t) i;
    return HALL_OP_NONE;
}

bool
hall_op_allowed (hall_op_t op, hall_role_t role)
{
    if (op <= HALL_OP_NONE || op >= HALL_OP__COUNT)
        return false;
    if (role <= HALL_ROLE_NONE || role >= HALL_ROLE__COUNT)
        return false;
    return (s_ops[op].roles & (1u << role)) != 0;
}

bool
hall_op_has (hall_op_t op, unsigned flag)
{
    return op > HALL_OP_NONE && op < HALL_OP__COUNT && (s_ops[op].flags & flag) == flag;
}

bool
hall_op_writes (hall_op_t op)
{
    return hall_op_has (op, HALL_OPF_WRITES);
}

/* ---- validation ---------------------------------------------------------- */

static bool
s_string_ok (json_t *value)
{
    if (!json_is_string (value))
        return false;
    size_t len = json_string_length (value);
    const char *s = json_string_value (value);
    /* jansson accepts embedded NULs in strings; names and numbers must not
     * have them, nor control characters. */
    if (len == 0 || len > HALL_MAX_STRING || strlen (s) != len)
        return false;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char) s[i] < 0x20)
            return false;
    return true;
}

static bool
s_field_ok (const field_t *field, json_t *value, char *errbuf, size_t errlen)
{
    switch (field->type) {
    case F_STRING:
        if (s_string_ok (value))
            return true;
        snprintf (errbuf, errlen, "'%s' must be a non-empty string of at most %d bytes",
                  field->name, HALL_MAX_STRING);
        return false;
    case F_INT:
        if (json_is_integer (value))
            return true;
        snprintf (errbuf, errlen, "'%s' must be an integer", field->name);
        return false;
    case F_BOOL:
        if (json_is_boolean (value))
            return true;
        snprintf (errbuf, errlen, "'%s' must be true or false", field->name);
        return false;
    case F_WINDOW:
        if (json_is_integer (value) && json_integer_value (value) >= 1
            && json_integer_value (value) <= 999)
            return true;
        snprintf (errbuf, errlen, "'%s' must be a window number from 1 to 999", field->name);
        return false;
    case F_TEXT:
        if (json_is_string (value) && json_string_length (value) > 0
            && json_string_length (value) <= HALL_MAX_TEXT
            && strlen (json_string_value (value)) == json_string_length (value)
            && g_utf8_validate (json_string_value (value), -1, NULL))
            return true;
        snprintf (errbuf, errlen, "'%s' must be a non-empty text of at most %d bytes",
                  field->name, HALL_MAX_TEXT);
        return false;
    case F_BLOB:
        if (json_is_string (value) && json_string_length (value) <= HALL_MAX_BLOB)
            return true;
        snprintf (errbuf, errlen, "'%s' must be base64 of at most %d bytes", field->name, HALL_MAX_BLOB);
        return false;
    case F_INTS:
        if (json_is_array (value) && json_array_size (value) <= 64) {
            size_t i;
            json_t *item;
            json_array_foreach (value, i, item)
                if (!json_is_integer (item))
                    goto bad_ints;
            return true;
        }
    bad_ints:
        snprintf (errbuf, errlen, "'%s' must be an array of at most 64 integers", field->name);
        return false;
    case F_STRINGS:
        if (json_is_array (value) && json_array_size (value) <= 64) {
            size_t i;
            json_t *item;
            json_array_foreach (value, i, item)
                if (!s_string_ok (item))
                    goto bad_strings;
            return true;
        }
    bad_strings:
        snprintf (errbuf, errlen, "'%s' must be an array of at most 64 strings", field->name);
        return false;
    }
    return false;
}

hall_error_t
hall_args_validate (hall_op_t op, json_t *args, char *errbuf, size_t errlen)
{
    if (op <= HALL_OP_NONE || op >= HALL_OP__COUNT) {
        snprintf (errbuf, errlen, "unknown operation");
        return HALL_E_UNKNOWN_OP;
    }
    if (!json_is_object (args)) {
        snprintf (errbuf, errlen, "'args' must be an object");
        return HALL_E_BAD_FIELD;
    }
    const op_spec_t *spec = &s_ops[op];
    const char *key;
    json_t *value;
    json_object_foreach (args, key, value) {
        const field_t *field = NULL;
        for (const field_t *f = spec->fields; f->name; f++)
            if (strcmp (f->name, key) == 0)
                field = f;
        if (!field) {
            snprintf (errbuf, errlen, "unknown field '%.64s' for '%s'", key, spec->name);
            return HALL_E_BAD_FIELD;
        }
        if (!s_field_ok (field, value, errbuf, errlen))
            return HALL_E_BAD_FIELD;
    }
    for (const field_t *f = spec->fields; f->name; f++)
        if (f->required && !json_object_get (args, f->name)) {
            snprintf (errbuf, errlen, "'%s' needs the field '%s'", spec->name, f->name);
            return HALL_E_BAD_FIELD;
        }
    return HALL_OK;
}

/* ---- requests ------------------------------------------------------------ */

/* The request number of FRAME when it can be read that far, else 0: for
 * a refusal of a frame the strict parse turned down (too large, a NUL in a
 * string, a key given twice), so that the client can still match it. */
static int64_t
s_readable_req (const void *frame, size_t len)
{
    json_t *root = json_loadb (frame, len, JSON_ALLOW_NUL, NULL);
    json_t *jreq = json_object_get (root, "req");
    int64_t reqno = json_is_integer (jreq) && json_integer_value (jreq) >= 1 ? json_integer_value (jreq) : 0;
    json_decref (root);
    return reqno;
}

/* One rule for refusals: `malformed` when the frame is not a request —
 * not JSON that parses strictly (no NUL in strings, no key twice), not an
 * object, or an envelope field (v, client, req, role, window, op, args as
 * a whole, or one not in the envelope) missing or wrong; `unknown_op` for
 * a well-formed operation name the server does not have; `bad_field` for
 * what is inside `args`; `too_large` above HALL_MAX_MESSAGE bytes. */
hall_error_t
hall_request_parse (const void *frame, size_t len, hall_request_t *req,
                    char *errbuf, size_t errlen)
{
    memset (req, 0, sizeof *req);
    if (len > HALL_MAX_MESSAGE) {
        snprintf (errbuf, errlen, "message of %zu bytes exceeds %d", len, HALL_MAX_MESSAGE);
        req->req = s_readable_req (frame, len);
        return HALL_E_TOO_LARGE;
    }
    json_error_t jerr;
    json_t *root = json_loadb (frame, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        snprintf (errbuf, errlen, "not JSON: %s", jerr.text);
        req->req = s_readable_req (frame, len);
        return HALL_E_MALFORMED;
    }
    hall_error_t rc = HALL_E_MALFORMED;
    if (!json_is_object (root)) {
        snprintf (errbuf, errlen, "a request must be a JSON object");
        goto done;
    }
    json_t *jreq = json_object_get (root, "req");
    if (!json_is_integer (jreq) || json_integer_value (jreq) < 1) {
        snprintf (errbuf, errlen, "'req' must be a positive integer");
        goto done;
    }
    req->req = json_integer_value (jreq);

    /* Keys other than these are refused: a typo must not pass silently. */
    const char *key;
    json_t *value;
    json_object_foreach (root, key, value) {
        if (strcmp (key, "req") && strcmp (key, "client") && strcmp (key, "role")
            && strcmp (key, "window") && strcmp (key, "op") && strcmp (key, "args")
            && strcmp (key, "v")) {
            snprintf (errbuf, errlen, "unknown envelope field '%.64s'", key);
            goto done;
        }
    }
    json_t *jv = json_object_get (root, "v");
    if (jv && !(json_is_integer (jv) && json_integer_value (jv) == HALL_PROTOCOL_VERSION)) {
        snprintf (errbuf, errlen, "'v' must be the integer %d (this server's protocol version)",
                  HALL_PROTOCOL_VERSION);
        goto done;
    }

    json_t *jclient = json_object_get (root, "client");
    if (!s_string_ok (jclient) || json_string_length (jclient) > HALL_MAX_CLIENT_ID) {
        snprintf (errbuf, errlen, "'client' must be a string of 1 to %d bytes", HALL_MAX_CLIENT_ID);
        goto done;
    }
    snprintf (req->client, sizeof req->client, "%s", json_string_value (jclient));

    json_t *jrole = json_object_get (root, "role");
    req->role = hall_role_from_name (json_string_value (jrole));
    if (req->role == HALL_ROLE_NONE) {
        snprintf (errbuf, errlen, "'role' must be one of kiosk, counter, display, manager, admin, rating_pad");
        goto done;
    }
    json_t *jwindow = json_object_get (root, "window");
    if (req->role == HALL_ROLE_COUNTER || req->role == HALL_ROLE_RATING_PAD) {
        if (!json_is_integer (jwindow) || json_integer_value (jwindow) < 1
            || json_integer_value (jwindow) > 999) {
            snprintf (errbuf, errlen, "role '%s' needs 'window' from 1 to 999", hall_role_name (req->role));
            goto done;
        }
        req->window = (int) json_integer_value (jwindow);
    }
    else if (jwindow && !json_is_null (jwindow)) {
        snprintf (errbuf, errlen, "'window' belongs only to counter and rating_pad roles");
        goto done;
    }

    json_t *jop = json_object_get (root, "op");
    if (!s_string_ok (jop) || json_string_length (jop) > HALL_MAX_OP_NAME) {
        snprintf (errbuf, errlen, "'op' must be a string of 1 to %d bytes, without control characters",
                  HALL_MAX_OP_NAME);
        goto done;
    }
    req->op = hall_op_from_name (json_string_value (jop));
    if (req->op == HALL_OP_NONE) {
        snprintf (errbuf, errlen, "unknown operation '%.64s'", json_string_value (jop));
        rc = HALL_E_UNKNOWN_OP;
        goto done;
    }
    json_t *jargs = json_object_get (root, "args");
    if (jargs && !json_is_object (jargs)) {
        snprintf (errbuf, errlen, "'args' must be an object");
        goto done;
    }
    jargs = jargs ? json_incref (jargs) : json_object ();
    rc = hall_args_validate (req->op, jargs, errbuf, errlen);
    if (rc != HALL_OK) {
        json_decref (jargs);
        goto done;
    }
    req->args = jargs;
    rc = HALL_OK;
done:
    json_decref (root);
    return rc;
}

void
hall_request_clear (hall_request_t *req)
{
    if (req) {
        json_decref (req->args);
        req->args = NULL;
    }
}

char *
hall_request_encode (const char *client, int64_t reqno, hall_role_t role, int window,
                     hall_op_t op, json_t *args)
{
    json_t *root = json_pack ("{s:i, s:I, s:s, s:s, s:s}",
                              "v", HALL_PROTOCOL_VERSION, "req", (json_int_t) reqno,
                              "client", client, "role", hall_role_name (role),
                              "op", hall_op_name (op));
    if (!root)
        return NULL;
    if (role == HALL_ROLE_COUNTER || role == HALL_ROLE_RATING_PAD)
        json_object_set_new (root, "window", json_integer (window));
    json_object_set_new (root, "args", args ? json_deep_copy (args) : json_object ());
    char *text = json_dumps (root, JSON_COMPACT);
    json_decref (root);
    return text;
}

/* ---- replies ------------------------------------------------------------- */

char *
hall_reply_encode_ok (int64_t reqno, json_t *result)
{
    json_t *root = json_pack ("{s:I, s:b, s:o}", "req", (json_int_t) reqno, "ok", 1,
                              "result", result ? result : json_object ());
    char *text = json_dumps (root, JSON_COMPACT);
    json_decref (root);
    return text;
}

char *
hall_reply_encode_ok_raw (int64_t reqno, json_t *result, const char *key, const char *raw)
{
    char *body = json_dumps (result ? result : json_object (), JSON_COMPACT);
    json_decref (result);
    if (!body)
        return NULL;
    /* BODY is "{...}": RAW goes in before its closing brace. */
    size_t len = strlen (body);
    const char *format = "{\"req\":%" JSON_INTEGER_FORMAT ",\"ok\":true,\"result\":%.*s%s\"%s\":%s}}";
    int size = snprintf (NULL, 0, format, (json_int_t) reqno, (int) (len - 1), body,
                         len > 2 ? "," : "", key, raw);
    char *text = size < 0 ? NULL : malloc ((size_t) size + 1);
    if (text)
        snprintf (text, (size_t) size + 1, format, (json_int_t) reqno, (int) (len - 1), body,
                  len > 2 ? "," : "", key, raw);
    free (body);
    return text;
}

char *
hall_reply_encode_error (int64_t reqno, hall_error_t code, const char *message)
{
    json_t *root = json_pack ("{s:I, s:b, s:{s:s, s:s}}", "req", (json_int_t) reqno, "ok", 0,
                              "error", "code", hall_error_name (code),
                              "message", message && *message ? message : hall_error_text (code));
    char *text = json_dumps (root, JSON_COMPACT);
    json_decref (root);
    return text;
}

int
hall_reply_parse (const void *frame, size_t len, hall_reply_t *reply)
{
    memset (reply, 0, sizeof *reply);
    json_t *root = json_loadb (frame, len, 0, NULL);
    if (!json_is_object (root)) {
        json_decref (root);
        return -1;
    }
    json_t *jreq = json_object_get (root, "req");
    json_t *jok = json_object_get (root, "ok");
    if (!json_is_integer (jreq) || !json_is_boolean (jok)) {
        json_decref (root);
        return -1;
    }
    reply->req = json_integer_value (jreq);
    reply->ok = json_is_true (jok);
    if (reply->ok) {
        reply->result = json_incref (json_object_get (root, "result"));
        if (!reply->result)
            reply->result = json_object ();
        reply->error = HALL_OK;
    }
    else {
        json_t *jerr = json_object_get (root, "error");
        reply->error = hall_error_from_name (json_string_value (json_object_get (jerr, "code")));
        const char *message = json_string_value (json_object_get (jerr, "message"));
        snprintf (reply->message, sizeof reply->message, "%s",
                  message ? message : hall_error_text (reply->error));
    }
    json_decref (root);
    return 0;
}

void
hall_reply_clear (hall_reply_t *reply)
{
    if (reply) {
        json_decref (reply->result);
        reply->result = NULL;
    }
}

bool
hall_ticket_state_active (const char *state)
{
    return state && (strcmp (state, HALL_TICKET_WAITING) == 0
                     || strcmp (state, HALL_TICKET_CALLED) == 0
                     || strcmp (state, HALL_TICKET_SERVING) == 0);
}

int
hall_daily_cap (int64_t daily_cap)
{
    return daily_cap <= 0 || daily_cap > HALL_MAX_DAILY ? HALL_MAX_DAILY : (int) daily_cap;
}
