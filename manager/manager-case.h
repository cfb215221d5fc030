/*  manager-case.h — what the dashboard says of a 差评 follow-up case (the
 *  `case` object of docs/PROTOCOL.md, "case.update"): its state in words,
 *  the steps it offers now, where its verdict came from, and whether a
 *  file may go with it as evidence.  No GTK: the panel, the search page,
 *  the record and the step dialogs all read these, so that a rule about
 *  cases is written once on this side (the server decides; this only
 *  chooses what to offer).
 */
#ifndef MANAGER_CASE_H
#define MANAGER_CASE_H

#include <glib.h>
#include <jansson.h>

/* A step of the follow-up, as the dashboard offers it. */
typedef enum {
    MANAGER_STEP_CONTACT = 1 << 0,   /* case.update contact */
    MANAGER_STEP_RECTIFY = 1 << 1,   /* case.update rectify */
    MANAGER_STEP_REVISIT = 1 << 2,   /* case.update revisit */
    MANAGER_STEP_LINK    = 1 << 3,   /* case.link send: the visitor's own revisit */
    MANAGER_STEP_CLOSE   = 1 << 4,   /* case.update close */
    MANAGER_STEP_DECIDE  = 1 << 5,   /* case.decide: an appeal pending */
} manager_step_t;

/* The files the server keeps (case.evidence.add): at most 2 MiB, sent in
 * pieces of 32 KiB (each request stays under the 64 KiB frame). */
#define MANAGER_EVIDENCE_MAX   (2 * 1024 * 1024)
#define MANAGER_EVIDENCE_PIECE (32 * 1024)

/* The steps KASE offers now (a mask of manager_step_t). */
unsigned    manager_case_steps (json_t *kase);
/* "contact", "rectify", "revisit", "close" for case.update; NULL else. */
const char *manager_step_action (manager_step_t step);
/* The button's words: 联系…, 整改…, 回访…, 发送回访链接, 结案…, 裁决申诉…. */
const char *manager_step_label (manager_step_t step);
/* 待联系, 已联系，待整改 … 已结案 (translated); an anonymous open case
 * 匿名，待整改. */
const char *manager_case_state_text (json_t *kase);
/* The states a search can ask for, NULL-terminated ("open" …). */
const char *const *manager_case_states (void);
const char *manager_case_state_name (const char *state);
/* 电话, 短信, 上门 (a step's method). */
const char *manager_case_method_text (const char *method);
/* Where the verdict came from: 访客本人通过链接, 电话回访 138****8000,
 * 上门回访; NULL before a verdict.  ACTIONS (case.get) may be NULL. g_free. */
char       *manager_case_verdict_source (json_t *kase, json_t *actions);
/* The appeal in words: 申诉待裁决, 申诉已采纳, 申诉未采纳, or "" (none). */
const char *manager_case_appeal_text (json_t *kase);
/* A rating's channel: 窗口评价器, 手机扫码评价, 管理员录入, 系统默认. */
const char *manager_rating_channel_text (const char *channel);
/* 实名 or 匿名：无法联系. */
const char *manager_case_contact_text (json_t *kase);
/* The type a file goes as (image/png, image/jpeg, application/pdf,
 * text/plain) from its first bytes and name, or NULL with WHY (g_free):
 * empty, over 2 MiB, or of another type. */
const char *manager_evidence_type (const char *name, const guchar *data, gsize size, char **why);

#endif
