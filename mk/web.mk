# web/ : hall-web, the visitors' phone pages (issue 14): libsoup 3 on the
# GLib main loop, a client of the server like the others (role web); the
# booking page's QR with libqrencode.  Its script and style sheet are a
# GResource compiled in.

WEB_SRC      := $(wildcard web/*.c)
WEB_OBJ      := $(WEB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/web/web-gresource.o
WEB_RES_DEPS := web/web.gresource.xml $(wildcard web/static/*)
WEB_MO       := $(BUILD)/locale/en/LC_MESSAGES/hall-web.mo
ifeq ($(PKG_OK),yes)
WEB_CFLAGS   := $(shell pkg-config --cflags libsoup-3.0 libqrencode)
WEB_LIBS     := $(shell pkg-config --libs libsoup-3.0 libqrencode)
endif

# hall-web sees common/ and libsoup: no GTK, no server internals.
$(BUILD)/web/%.o: web/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(BASE_CFLAGS) -Iweb -Icommon $(CORE_CFLAGS) $(WEB_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/gen/web-gresource.c: $(WEB_RES_DEPS)
	@mkdir -p $(dir $@)
	glib-compile-resources --sourcedir=web --generate-source --c-name web --target=$@ $<

$(BUILD)/web/web-gresource.o: $(BUILD)/gen/web-gresource.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(BASE_CFLAGS) $(CORE_CFLAGS) -Wno-overlength-strings -c $< -o $@

$(BUILD)/hall-web: $(WEB_OBJ) $(LIBHALL) | $(WEB_MO)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(CORE_LIBS) $(WEB_LIBS) -lgobject-2.0 -lm

EXTRA_PROGRAMS += $(BUILD)/hall-web
