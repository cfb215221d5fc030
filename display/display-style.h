/*  display-style.h — the board's look (style.css in the GResource), loaded
 *  once per process for the default display. */
#ifndef HALL_DISPLAY_STYLE_H
#define HALL_DISPLAY_STYLE_H

void hall_display_style_init (void);

#endif
