/*  kiosk-masked-buffer.h — an entry's text that never shows an ID number.
 *
 *  The appointment check-in's entry takes a booking code (8 digits, shown
 *  as typed) or a resident ID number (18 characters).  Once the text is
 *  longer than a code it is an ID number, and the entry shows its 7th to
 *  14th characters (the birth date and more) as stars, as hall_id_mask()
 *  does: "110105********002X" — so the screen, a copy and the
 *  accessibility tree never hold the full number, while the visitor still
 *  sees what they typed at either end.
 *
 *  gtk_editable_get_text() on the entry reads what is shown; the view
 *  reads what was typed with kiosk_masked_buffer_get_typed().  Every
 *  character is one byte (digits, X, the star), so both have the same
 *  length and positions.
 */
#ifndef KIOSK_MASKED_BUFFER_H
#define KIOSK_MASKED_BUFFER_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_MASKED_BUFFER (kiosk_masked_buffer_get_type ())
G_DECLARE_FINAL_TYPE (KioskMaskedBuffer, kiosk_masked_buffer, KIOSK, MASKED_BUFFER, GtkEntryBuffer)

GtkEntryBuffer *kiosk_masked_buffer_new (void);
//  The text as typed (borrowed, until the next change).
const char     *kiosk_masked_buffer_get_typed (KioskMaskedBuffer *self);

G_END_DECLS

#endif
