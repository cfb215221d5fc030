/*  manager-case-record.c — see manager-case-record.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-case-record.h"
#include "manager-format.h"
#include "manager-resources.h"
#include "i18n.h"

#include <glib/gstdio.h>
#include <string.h>

struct _ManagerCaseRecord {
    GtkWindow          parent_instance;
    ManagerController *controller;   /* owned reference */
    gint64             id;           /* the case */
    gint64             req;          /* the case.get on its way, or 0 */
    gint64             reveal_req;   /* the case.get with reveal on its way, or 0 */
    gint64             link_req;     /* the case.link on its way, or 0 */
    json_t            *result;       /* the last case.get result */
    char              *phone;        /* the whole number, once shown (kept while open) */
    char              *link_text;    /* what the last case.link said */
    GHashTable        *opening;      /* evidence id -> path to open once fetched */
    GtkLabel          *title_label;
    GtkLabel          *state_label;
    GtkLabel          *message_label;
    GtkBox            *body;
    GtkBox            *steps_box;
    GtkButton         *close_button;
};

G_DEFINE_FINAL_TYPE (ManagerCaseRecord, manager_case_record, GTK_TYPE_WINDOW)

static const char *
s_tz (ManagerCaseRecord *self)
{
    return json_string_value (json_object_get (hall_mirror_hall (manager_controller_mirror (self->controller)),
                                               "timezone"));
}

static json_t *
s_case (ManagerCaseRecord *self)
{
    return json_object_get (self->result, "case");
}

/* The result's actions and evidence, at its top or in its case. */
static json_t *
s_list (ManagerCaseRecord *self, const char *key)
{
    json_t *list = json_object_get (self->result, key);
    return json_is_array (list) ? list : json_object_get (s_case (self), key);
}

static void
s_message (ManagerCaseRecord *self, const char *text, gboolean bad)
{
    gtk_label_set_text (self->message_label, text);
    gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
    if (bad)
        gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "bad");
    else
        gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "bad");
}

static void
s_fetch (ManagerCaseRecord *self)
{
    self->req = manager_controller_get_case (self->controller, self->id, FALSE);
}

/* ---- pieces of the record ---------------------------------------------------- */

static GtkWidget *
s_label (const char *text, const char *name, const char *css)
{
    GtkWidget *label = gtk_label_new (text ? text : "");
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    gtk_label_set_selectable (GTK_LABEL (label), TRUE);
    if (name)
        gtk_widget_set_name (label, name);
    if (css)
        gtk_widget_add_css_class (label, css);
    return label;
}

/* A titled block in PARENT; its content box. */
static GtkBox *
s_section (GtkBox *parent, const char *title, const char *name)
{
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
    gtk_widget_add_css_class (box, "record-section");
    if (name)
        gtk_widget_set_name (box, name);
    gtk_box_append (GTK_BOX (box), s_label (title, NULL, "record-heading"));
    gtk_box_append (parent, box);
    return GTK_BOX (box);
}

/* One "key: value" line in BOX. */
static void
s_fact (GtkBox *box, const char *key, const char *value, const char *name)
{
    g_autofree char *text = g_strdup_printf ("%s：%s", key, value && *value ? value : "-");
    gtk_box_append (box, s_label (text, name, NULL));
}

static char *
s_when (ManagerCaseRecord *self, json_t *object, const char *key)
{
    json_t *value = json_object_get (object, key);
    if (!json_is_integer (value))
        return g_strdup ("-");
    return manager_local_format (json_integer_value (value), s_tz (self), "%Y-%m-%d %H:%M");
}

static char *
s_joined (json_t *array, const char *sep)
{
    g_autoptr (GString) text = g_string_new (NULL);
    size_t i;
    json_t *item;
    json_array_foreach (array, i, item) {
        g_autofree char *one = json_is_string (item) ? g_strdup (json_string_value (item))
                             : json_is_object (item) ? g_strdup (json_string_value (json_object_get (item, "number")))
                             : g_strdup_printf ("%" JSON_INTEGER_FORMAT, json_integer_value (item));
        g_string_append_printf (text, "%s%s", i ? sep : "", one ? one : "");
    }
    return g_string_free (g_steal_pointer (&text), FALSE);
}

static json_t *
s_evidence_meta (ManagerCaseRecord *self, gint64 id)
{
    size_t i;
    json_t *file;
    json_array_foreach (s_list (self, "evidence"), i, file)
        if (json_integer_value (json_object_get (file, "id")) == id)
            return file;
    return NULL;
}

static void s_open_clicked (GtkButton *button, ManagerCaseRecord *self);
static void s_save_clicked (GtkButton *button, ManagerCaseRecord *self);

/* A kept file with its 打开 and 另存为 buttons. */
static void
s_evidence_row (ManagerCaseRecord *self, GtkBox *box, gint64 id)
{
    json_t *file = s_evidence_meta (self, id);
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    gtk_widget_set_margin_start (row, 24);
    const char *name = json_string_value (json_object_get (file, "name"));
    g_autofree char *text = g_strdup_printf (_("证据：%s（%s，%.1f KB）"), name ? name : "?",
        json_string_value (json_object_get (file, "type")) ?: "",
        json_integer_value (json_object_get (file, "size")) / 1024.0);
    g_autofree char *label_name = g_strdup_printf ("evidence-%" G_GINT64_FORMAT, id);
    GtkWidget *label = s_label (text, label_name, NULL);
    gtk_widget_set_hexpand (label, TRUE);
    gtk_box_append (GTK_BOX (row), label);
    const char *names[] = { "evidence-open-%" G_GINT64_FORMAT, "evidence-save-%" G_GINT64_FORMAT };
    const char *labels[] = { _("打开"), _("另存为…") };
    GCallback callbacks[] = { G_CALLBACK (s_open_clicked), G_CALLBACK (s_save_clicked) };
    for (int k = 0; k < 2; k++) {
        GtkWidget *button = gtk_button_new_with_label (labels[k]);
        g_autofree char *button_name = g_strdup_printf (names[k], id);
        gtk_widget_set_name (button, button_name);
        g_object_set_data (G_OBJECT (button), "evidence", GINT_TO_POINTER ((int) id));
        g_signal_connect (button, "clicked", callbacks[k], self);
        gtk_widget_set_sensitive (button, file && !json_is_false (json_object_get (file, "complete")));
        gtk_box_append (GTK_BOX (row), button);
    }
    gtk_box_append (box, row);
}

static const char *
s_action_name (const char *action)
{
    if (g_strcmp0 (action, "contact") == 0)      return _("联系");
    if (g_strcmp0 (action, "rectify") == 0)      return _("整改");
    if (g_strcmp0 (action, "revisit") == 0)      return _("回访");
    if (g_strcmp0 (action, "verdict") == 0)      return _("评价");
    if (g_strcmp0 (action, "close") == 0)        return _("结案");
    if (g_strcmp0 (action, "appeal") == 0)       return _("申诉");
    if (g_strcmp0 (action, "decide") == 0)       return _("申诉裁决");
    if (g_strcmp0 (action, "phone_viewed") == 0) return _("查看号码");
    if (g_strcmp0 (action, "open") == 0)         return _("立案");
    return action ? action : "?";
}

static const char *
s_source_name (const char *source)
{
    if (g_strcmp0 (source, "visitor") == 0)    return _("访客本人通过链接");
    if (g_strcmp0 (source, "phone_call") == 0) return _("电话回访");
    if (g_strcmp0 (source, "visit") == 0)      return _("上门回访");
    return NULL;
}

/* One step of the timeline: when it was recorded and what it says. */
static void
s_action_row (ManagerCaseRecord *self, GtkBox *box, json_t *action, size_t n)
{
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
    gtk_widget_add_css_class (row, "timeline-step");
    g_autofree char *row_name = g_strdup_printf ("record-step-%zu", n + 1);
    gtk_widget_set_name (row, row_name);
    const char *kind = json_string_value (json_object_get (action, "action"));
    g_autofree char *recorded = s_when (self, action, "time");
    g_autoptr (GString) head = g_string_new (NULL);
    g_string_append_printf (head, "%s  %s", recorded, s_action_name (kind));
    const char *method = json_string_value (json_object_get (action, "method"));
    if (method)
        g_string_append_printf (head, _(" · 方式：%s"), manager_case_method_text (method));
    if (json_is_integer (json_object_get (action, "at"))) {
        g_autofree char *at = s_when (self, action, "at");
        g_string_append_printf (head, _(" · 时间：%s"), at);
    }
    const char *source = s_source_name (json_string_value (json_object_get (action, "source")));
    if (source)
        g_string_append_printf (head, " · %s", source);
    const char *called = json_string_value (json_object_get (action, "called"));
    if (called)
        g_string_append_printf (head, " %s", called);
    gtk_box_append (GTK_BOX (row), s_label (head->str, NULL, "timeline-head"));
    const char *verdict = json_string_value (json_object_get (action, "verdict"));
    if (verdict) {
        g_autofree char *text = g_strdup_printf (_("访客的评价：%s"), verdict);
        gtk_box_append (GTK_BOX (row), s_label (text, NULL, "timeline-text"));
    }
    const char *note = json_string_value (json_object_get (action, "note"));
    const char *reason = json_string_value (json_object_get (action, "reason"));
    if (note && *note) {
        const char *what = g_strcmp0 (kind, "contact") == 0 ? _("约定")
                         : g_strcmp0 (kind, "rectify") == 0 ? _("整改内容")
                         : g_strcmp0 (kind, "close") == 0 ? _("结案小结") : _("记录");
        g_autofree char *text = g_strdup_printf ("%s：%s", what, note);
        gtk_box_append (GTK_BOX (row), s_label (text, NULL, "timeline-text"));
    }
    if (reason && *reason) {
        g_autofree char *text = g_strdup_printf (_("理由：%s"), reason);
        gtk_box_append (GTK_BOX (row), s_label (text, NULL, "timeline-text"));
    }
    const char *by = json_string_value (json_object_get (action, "by"));
    if (by && *by) {
        g_autofree char *text = g_strdup_printf (_("整改人：%s"), by);
        gtk_box_append (GTK_BOX (row), s_label (text, NULL, "timeline-text"));
    }
    const char *client = json_string_value (json_object_get (action, "client"));
    if (client && *client) {
        g_autofree char *text = g_strdup_printf (_("记录终端：%s"), client);
        gtk_box_append (GTK_BOX (row), s_label (text, NULL, "dim"));
    }
    size_t i;
    json_t *id;
    json_array_foreach (json_object_get (action, "evidence"), i, id)
        s_evidence_row (self, GTK_BOX (row), json_integer_value (id));
    gtk_box_append (box, row);
}

static void s_reveal_clicked (GtkButton *button, ManagerCaseRecord *self);
static void s_step_clicked (GtkButton *button, ManagerCaseRecord *self);

static void
s_render (ManagerCaseRecord *self)
{
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->body))))
        gtk_box_remove (self->body, child);
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->steps_box))))
        gtk_box_remove (self->steps_box, child);
    json_t *kase = s_case (self);
    if (!json_is_object (kase))
        return;
    json_t *rating = json_object_get (kase, "rating");
    manager_alerts_t *alerts = manager_controller_alerts (self->controller);
    const char *category = json_string_value (json_object_get (kase, "category"));
    json_t *cat = hall_mirror_category (manager_controller_mirror (self->controller), category);
    g_autofree char *title = g_strdup_printf (_("案件 %lld · %s %s 号 · %s · %d号窗口"), (long long) self->id,
        json_string_value (json_object_get (kase, "day")) ?: "", json_string_value (json_object_get (kase, "number")) ?: "",
        manager_category_name (cat, category), (int) json_integer_value (json_object_get (kase, "window")));
    gtk_label_set_text (self->title_label, title);
    gtk_window_set_title (GTK_WINDOW (self), title);
    gtk_label_set_text (self->state_label, manager_case_state_text (kase));

    /* Two columns on top: the rating; the contact, the verdict and the
     * appeal.  The timeline below, full width. */
    GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
    gtk_box_set_homogeneous (GTK_BOX (top), TRUE);
    GtkWidget *left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
    GtkWidget *right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
    gtk_box_append (GTK_BOX (top), left);
    gtk_box_append (GTK_BOX (top), right);
    gtk_box_append (self->body, top);

    /* The rating. */
    GtkBox *box = s_section (GTK_BOX (left), _("评价"), "record-rating");
    if (json_is_object (rating)) {
        g_autofree char *level = g_strdup_printf ("%s（%d）", json_string_value (json_object_get (rating, "level_name")) ?: "",
                                                  (int) json_integer_value (json_object_get (rating, "level")));
        s_fact (box, _("等级"), level, "record-level");
        g_autoptr (GString) reasons = g_string_new (NULL);
        size_t i;
        json_t *reason;
        json_array_foreach (json_object_get (rating, "reasons"), i, reason)
            g_string_append_printf (reasons, "%s%s", i ? "、" : "",
                                    manager_alerts_reason_name (alerts, json_string_value (reason)));
        s_fact (box, _("原因"), reasons->str, "record-reasons");
        s_fact (box, _("评价内容"), json_string_value (json_object_get (rating, "text")), "record-text");
        g_autofree char *time = s_when (self, rating, "time");
        g_autofree char *channel = g_strdup_printf ("%s · %s",
            manager_rating_channel_text (json_string_value (json_object_get (rating, "channel"))), time);
        s_fact (box, _("渠道"), channel, "record-channel");
        if (json_is_true (json_object_get (rating, "excluded"))) {
            g_autofree char *why = g_strdup_printf (_("已因申诉采纳不计入统计（评价仍保留）：%s"),
                json_string_value (json_object_get (rating, "excluded_reason")) ?: "");
            gtk_box_append (box, s_label (why, "record-excluded", "bad"));
        }
    } else
        gtk_box_append (box, s_label (_("办不成事反映（无评价）"), NULL, NULL));
    json_t *matters = json_object_get (kase, "matters");
    if (!json_array_size (matters))
        matters = json_object_get (rating, "matters");
    g_autofree char *matter_text = s_joined (matters, "、");
    s_fact (box, _("办件编号"), matter_text, "record-matters");
    g_autofree char *item = g_strdup_printf ("%s · %s%s%s", json_string_value (json_object_get (kase, "item_code")) ?: "-",
        json_string_value (json_object_get (kase, "department")) ?: "-",
        json_string_value (json_object_get (kase, "department_code")) ? " " : "",
        json_string_value (json_object_get (kase, "department_code")) ?: "");
    s_fact (box, _("事项 · 部门"), item, "record-item");
    const char *clerk = json_string_value (json_object_get (kase, "clerk"));
    g_autofree char *owner = g_strdup_printf (_("工号 %s · 责任人 %s"), clerk ? clerk : "-",
                                              json_string_value (json_object_get (kase, "owner_name")) ?: "-");
    s_fact (box, _("窗口人员"), owner, "record-clerk");

    /* The visitor's contact. */
    box = s_section (GTK_BOX (right), _("访客联系方式"), "record-contact");
    if (json_is_true (json_object_get (kase, "anonymous")))
        gtk_box_append (box, s_label (_("匿名差评：无法联系（不计入实名回访率）"), "record-phone", "dim"));
    else {
        GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
        const char *masked = json_string_value (json_object_get (kase, "phone"));
        g_autofree char *text = g_strdup_printf (self->phone ? _("联系电话：%s（完整号码，查看已记录）") : _("联系电话：%s"),
                                                 self->phone ? self->phone : masked ? masked : _("已按期删除"));
        gtk_box_append (GTK_BOX (row), s_label (text, "record-phone", NULL));
        if (masked && !self->phone) {
            GtkWidget *button = gtk_button_new_with_label (_("显示号码"));
            gtk_widget_set_name (button, "record-reveal");
            gtk_widget_set_tooltip_text (button, _("查看完整号码会被记录"));
            g_signal_connect (button, "clicked", G_CALLBACK (s_reveal_clicked), self);
            gtk_box_append (GTK_BOX (row), button);
        }
        gtk_box_append (box, row);
    }
    g_autofree char *opened = s_when (self, kase, "opened_at");
    /* A deadline is the end of its last day: that day is shown. */
    gint64 contact_end = json_integer_value (json_object_get (kase, "contact_due"));
    gint64 rectify_end = json_integer_value (json_object_get (kase, "rectify_due"));
    g_autofree char *contact_due = manager_local_format (contact_end - 1, s_tz (self), "%m-%d");
    g_autofree char *rectify_due = manager_local_format (rectify_end - 1, s_tz (self), "%m-%d");
    g_autofree char *dues = g_strdup_printf (_("立案 %s · 联系期限 %s · 整改期限 %s%s"), opened, contact_due, rectify_due,
                                             json_is_true (json_object_get (kase, "overdue")) ? _(" · 已超期") : "");
    gtk_box_append (box, s_label (dues, "record-dues", json_is_true (json_object_get (kase, "overdue")) ? "bad" : NULL));

    /* The timeline. */
    box = s_section (self->body, _("跟进记录"), "record-timeline");
    json_t *actions = s_list (self, "actions");
    size_t i;
    json_t *action;
    json_array_foreach (actions, i, action)
        s_action_row (self, box, action, i);
    if (!json_array_size (actions))
        gtk_box_append (box, s_label (_("尚无跟进记录"), NULL, "dim"));
    /* Files not attached to a step (an appeal's, or sent and not used). */
    json_t *file;
    json_array_foreach (s_list (self, "evidence"), i, file)
        if (!json_is_integer (json_object_get (file, "action")))
            s_evidence_row (self, box, json_integer_value (json_object_get (file, "id")));

    /* The verdict, the second rating, the appeal. */
    box = s_section (GTK_BOX (right), _("访客评价"), "record-verdict-section");
    g_autofree char *source = manager_case_verdict_source (kase, actions);
    if (source) {
        g_autofree char *at = s_when (self, kase, "verdict_at");
        g_autofree char *text = g_strdup_printf (_("%s（%s，%s）"),
            json_string_value (json_object_get (kase, "verdict")), source, at);
        gtk_box_append (box, s_label (text, "record-verdict", NULL));
    } else
        gtk_box_append (box, s_label (_("尚未回访"), "record-verdict", "dim"));
    json_t *second = json_object_get (kase, "second_rating");
    if (json_is_object (second)) {
        g_autofree char *text = g_strdup_printf (_("二次评价：%s（%s）"),
            json_string_value (json_object_get (second, "level_name")) ?: "",
            manager_rating_channel_text (json_string_value (json_object_get (second, "channel"))));
        gtk_box_append (box, s_label (text, "record-second", NULL));
    }
    if (self->link_text)
        gtk_box_append (box, s_label (self->link_text, "record-link", NULL));
    else if (json_is_object (json_object_get (kase, "link"))) {
        json_t *link = json_object_get (kase, "link");
        g_autofree char *until = s_when (self, link, "expires_at");
        g_autofree char *text = g_strdup_printf (_("回访链接%s，有效至 %s"),
            json_is_true (json_object_get (link, "sent")) ? _("短信已发送") : _("已生成"), until);
        gtk_box_append (box, s_label (text, "record-link", NULL));
    }
    json_t *appeal = json_object_get (kase, "appeal");
    if (json_is_object (appeal)) {
        box = s_section (GTK_BOX (left), _("申诉"), "record-appeal-section");
        g_autofree char *filed = s_when (self, appeal, "filed_at");
        g_autofree char *text = g_strdup_printf (_("%s · 申诉人 %s · %s"), manager_case_appeal_text (kase),
            json_string_value (json_object_get (appeal, "filed_by")) ?: "-", filed);
        gtk_box_append (box, s_label (text, "record-appeal", NULL));
        s_fact (box, _("申诉理由"), json_string_value (json_object_get (appeal, "reason")), "record-appeal-reason");
        json_t *id;
        json_array_foreach (json_object_get (appeal, "evidence"), i, id)
            s_evidence_row (self, box, json_integer_value (id));
        if (json_is_integer (json_object_get (appeal, "decided_at"))) {
            g_autofree char *decided = s_when (self, appeal, "decided_at");
            g_autofree char *by = g_strdup_printf (_("%s %s · %s"), json_string_value (json_object_get (appeal, "decided_by")) ?: "",
                json_string_value (json_object_get (appeal, "decided_by_name")) ?: "", decided);
            s_fact (box, _("裁决人"), by, "record-appeal-decided");
            s_fact (box, _("裁决理由"), json_string_value (json_object_get (appeal, "note")), "record-appeal-note");
        }
    }

    /* The steps the case offers now. */
    unsigned steps = manager_case_steps (kase);
    if (json_is_true (json_object_get (kase, "anonymous")) && g_strcmp0 (json_string_value (json_object_get (kase, "state")), "closed"))
        gtk_box_append (self->steps_box, s_label (_("匿名差评：无法联系"), "record-anonymous", "dim"));
    for (unsigned step = 1; step <= MANAGER_STEP_DECIDE; step <<= 1) {
        if (!(steps & step))
            continue;
        GtkWidget *button = gtk_button_new_with_label (manager_step_label ((manager_step_t) step));
        const char *action_name = manager_step_action ((manager_step_t) step);
        g_autofree char *name = g_strdup_printf ("record-do-%s", action_name ? action_name
                                                 : step == MANAGER_STEP_LINK ? "link" : "decide");
        gtk_widget_set_name (button, name);
        g_object_set_data (G_OBJECT (button), "step", GUINT_TO_POINTER (step));
        g_signal_connect (button, "clicked", G_CALLBACK (s_step_clicked), self);
        gtk_box_append (self->steps_box, button);
    }
}

/* ---- what the buttons do ---------------------------------------------------------- */

static void
s_step_done (ManagerCaseStepDialog *dialog, gint64 id, ManagerCaseRecord *self)
{
    s_message (self, _("已记录"), FALSE);
    s_fetch (self);
}

ManagerCaseStepDialog *
manager_case_record_step (ManagerCaseRecord *self, manager_step_t step)
{
    if (!(manager_case_steps (s_case (self)) & step))
        return NULL;
    if (step == MANAGER_STEP_LINK) {
        self->link_req = manager_controller_case_link (self->controller, self->id, TRUE);
        s_message (self, _("正在发送回访链接…"), FALSE);
        return NULL;
    }
    ManagerCaseStepDialog *dialog = manager_case_step_dialog_new (GTK_WINDOW (self), self->controller,
                                                                  s_case (self), step, self->phone);
    g_signal_connect_object (dialog, "done", G_CALLBACK (s_step_done), self, 0);
    gtk_window_present (GTK_WINDOW (dialog));
    return dialog;
}

static void
s_step_clicked (GtkButton *button, ManagerCaseRecord *self)
{
    manager_case_record_step (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "step")));
}

void
manager_case_record_reveal (ManagerCaseRecord *self)
{
    self->reveal_req = manager_controller_get_case (self->controller, self->id, TRUE);
}

static void
s_reveal_clicked (GtkButton *button, ManagerCaseRecord *self)
{
    manager_case_record_reveal (self);
}

void
manager_case_record_save_evidence (ManagerCaseRecord *self, gint64 evidence, const char *path)
{
    s_message (self, _("正在下载…"), FALSE);
    manager_controller_save_evidence (self->controller, evidence, path);
}

static void
s_open_clicked (GtkButton *button, ManagerCaseRecord *self)
{
    gint64 id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "evidence"));
    json_t *file = s_evidence_meta (self, id);
    g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "hall-manager", "evidence", NULL);
    g_mkdir_with_parents (dir, 0700);
    g_autofree char *base = g_path_get_basename (json_string_value (json_object_get (file, "name")) ?: "file");
    g_autofree char *leaf = g_strdup_printf ("%" G_GINT64_FORMAT "-%s", id, base);
    char *path = g_build_filename (dir, leaf, NULL);
    g_hash_table_insert (self->opening, GINT_TO_POINTER ((int) id), path);
    manager_case_record_save_evidence (self, id, path);
}

static void
s_save_chosen (GtkNativeDialog *chooser, int response, ManagerCaseRecord *self)
{
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
        g_autofree char *path = file ? g_file_get_path (file) : NULL;
        if (path)
            manager_case_record_save_evidence (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "evidence")),
                                               path);
    }
    g_object_unref (chooser);
}

static void
s_save_clicked (GtkButton *button, ManagerCaseRecord *self)
{
    gint64 id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "evidence"));
    json_t *file = s_evidence_meta (self, id);
    GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("保存证据文件"), GTK_WINDOW (self),
                                                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("保存"), _("取消"));
    const char *name = json_string_value (json_object_get (file, "name"));
    if (name)
        gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    g_object_set_data (G_OBJECT (chooser), "evidence", GINT_TO_POINTER ((int) id));
    g_signal_connect (chooser, "response", G_CALLBACK (s_save_chosen), self);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- the controller's answers -------------------------------------------------------- */

static void
s_case_reply (ManagerController *controller, gint64 req, gpointer result, const char *error,
              ManagerCaseRecord *self)
{
    if (req == self->req || req == self->reveal_req) {
        if (req == self->reveal_req) {
            self->reveal_req = 0;
            const char *number = json_string_value (json_object_get (result, "phone_number"));
            if (!number)
                number = json_string_value (json_object_get (json_object_get (result, "case"), "phone_number"));
            if (number) {
                g_free (self->phone);
                self->phone = g_strdup (number);
            }
        } else
            self->req = 0;
        if (result) {
            json_decref (self->result);
            self->result = json_incref (result);
            s_render (self);
        } else {
            g_autofree char *text = g_strdup_printf (_("无法读取案件：%s"), error ? error : "?");
            s_message (self, text, TRUE);
        }
    } else if (req == self->link_req) {
        self->link_req = 0;
        if (result) {
            g_autofree char *until = s_when (self, result, "expires_at");
            const char *masked = json_string_value (json_object_get (s_case (self), "phone"));
            g_free (self->link_text);
            self->link_text = g_strdup_printf (_("回访链接短信正在发送至 %s：%s（有效至 %s）"), masked ? masked : "-",
                json_string_value (json_object_get (result, "path")) ?: "", until);
            s_message (self, self->link_text, FALSE);
            s_fetch (self);
        } else {
            g_autofree char *text = g_strdup_printf (_("回访链接未发送：%s"), error ? error : "?");
            s_message (self, text, TRUE);
        }
    }
}

static void
s_saved (ManagerController *controller, gint64 evidence, const char *path, const char *error,
         ManagerCaseRecord *self)
{
    g_autofree char *open = NULL;
    g_hash_table_steal_extended (self->opening, GINT_TO_POINTER ((int) evidence), NULL, (gpointer *) &open);
    if (!s_evidence_meta (self, evidence))
        return;
    if (error) {
        g_autofree char *text = g_strdup_printf (_("下载失败：%s"), error);
        s_message (self, text, TRUE);
        return;
    }
    if (open && g_strcmp0 (open, path) == 0) {
        g_autoptr (GFile) file = g_file_new_for_path (path);
        g_autofree char *uri = g_file_get_uri (file);
        gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
    }
    g_autofree char *text = g_strdup_printf (_("已保存到 %s"), path);
    s_message (self, text, FALSE);
}

static void
s_changed (ManagerController *controller, gpointer event, ManagerCaseRecord *self)
{
    const char *type = event ? json_string_value (json_object_get (event, "type")) : NULL;
    json_t *kase = json_object_get (json_object_get (event, "detail"), "case");
    if (!event || (type && g_str_has_prefix (type, "case.")
                   && json_integer_value (json_object_get (kase, "id")) == self->id))
        s_fetch (self);
}

static void
s_close (GtkButton *button, ManagerCaseRecord *self)
{
    gtk_window_destroy (GTK_WINDOW (self));
}

/* ---- life cycle ------------------------------------------------------------------------ */

static void
manager_case_record_dispose (GObject *object)
{
    ManagerCaseRecord *self = MANAGER_CASE_RECORD (object);
    if (self->controller)
        g_signal_handlers_disconnect_by_data (self->controller, self);
    g_clear_object (&self->controller);
    G_OBJECT_CLASS (manager_case_record_parent_class)->dispose (object);
}

static void
manager_case_record_finalize (GObject *object)
{
    ManagerCaseRecord *self = MANAGER_CASE_RECORD (object);
    json_decref (self->result);
    if (self->phone)
        memset (self->phone, 0, strlen (self->phone));
    g_free (self->phone);
    g_free (self->link_text);
    g_hash_table_destroy (self->opening);
    G_OBJECT_CLASS (manager_case_record_parent_class)->finalize (object);
}

static void
manager_case_record_class_init (ManagerCaseRecordClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = manager_case_record_dispose;
    G_OBJECT_CLASS (klass)->finalize = manager_case_record_finalize;
    manager_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, MANAGER_RESOURCE_PATH "/manager-case-record.ui");
    gtk_widget_class_bind_template_child (widget_class, ManagerCaseRecord, title_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerCaseRecord, state_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerCaseRecord, message_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerCaseRecord, body);
    gtk_widget_class_bind_template_child (widget_class, ManagerCaseRecord, steps_box);
    gtk_widget_class_bind_template_child (widget_class, ManagerCaseRecord, close_button);
}

static void
manager_case_record_init (ManagerCaseRecord *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->opening = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
    g_signal_connect (self->close_button, "clicked", G_CALLBACK (s_close), self);
}

ManagerCaseRecord *
manager_case_record_new (GtkWindow *parent, ManagerController *controller, gint64 id)
{
    ManagerCaseRecord *self = g_object_new (MANAGER_TYPE_CASE_RECORD, "transient-for", parent, NULL);
    self->controller = g_object_ref (controller);
    self->id = id;
    g_autofree char *title = g_strdup_printf (_("案件 %lld"), (long long) id);
    gtk_label_set_text (self->title_label, title);
    gtk_window_set_title (GTK_WINDOW (self), title);
    g_signal_connect (controller, "case-reply", G_CALLBACK (s_case_reply), self);
    g_signal_connect (controller, "evidence-saved", G_CALLBACK (s_saved), self);
    g_signal_connect (controller, "changed", G_CALLBACK (s_changed), self);
    s_fetch (self);
    return self;
}

gint64  manager_case_record_id (ManagerCaseRecord *self)     { return self->id; }
json_t *manager_case_record_result (ManagerCaseRecord *self) { return self->result; }
