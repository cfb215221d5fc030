# ---- ticket-printer/kiosk/ : hall-kiosk (issue 4) ---------------------------
# The kiosk's GTK code is ticket-printer/kiosk/ (ticket-printer/ itself holds
# the ticket-printing library, libticket.a, that the kiosk links).  Its .ui templates and style sheet are compiled into a
# GResource; every kiosk*.c but the main goes into libkiosk.a so the GUI
# test links the same screens the program runs.

KIOSK_GRESOURCE := ticket-printer/kiosk/kiosk.gresource.xml
KIOSK_RES_DEPS  := $(shell glib-compile-resources --sourcedir=ticket-printer/kiosk --generate-dependencies $(KIOSK_GRESOURCE) 2>/dev/null)
KIOSK_RES_C     := $(BUILD)/gen/kiosk-resources.c
KIOSK_RES_OBJ   := $(BUILD)/gen/kiosk-resources.o
KIOSK_LIB_SRC   := $(filter-out ticket-printer/kiosk/kiosk-main.c,$(wildcard ticket-printer/kiosk/*.c))
KIOSK_LIB_OBJ   := $(KIOSK_LIB_SRC:%.c=$(BUILD)/%.o)
LIBKIOSK        := $(BUILD)/libkiosk.a
KIOSK_MO        := $(BUILD)/locale/en/LC_MESSAGES/hall-kiosk.mo

$(KIOSK_RES_C): $(KIOSK_GRESOURCE) $(KIOSK_RES_DEPS)
	@mkdir -p $(dir $@)
	glib-compile-resources --sourcedir=ticket-printer/kiosk --generate-source \
	  --c-name kiosk_resources --manual-register --target=$@ $<

$(KIOSK_RES_OBJ): $(KIOSK_RES_C)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) $(GUI_CFLAGS) -Wno-overlength-strings -c $< -o $@

$(LIBKIOSK): $(KIOSK_LIB_OBJ) $(KIOSK_RES_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/hall-kiosk: $(BUILD)/ticket-printer/kiosk/kiosk-main.o $(LIBKIOSK) $(LIBTICKET) $(LIBHALL) | $(KIOSK_MO)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(CORE_LIBS) $(GUI_LIBS) $(TICKET_LIBS) -lm

# The Makefile defines TESTLIB_OBJ and GUI_TESTLIB_OBJ after including this
# fragment, and prerequisites expand as they are read: name them here.  The
# harness starts build/hall-server as a program; nothing of libserver links.
KIOSK_TESTLIB_OBJ := $(BUILD)/tests/lib/harness.o \
  $(patsubst %.c,$(BUILD)/%.o,$(wildcard tests/lib/gui/*.c))

$(BUILD)/tests/test-gui-kiosk: $(BUILD)/tests/gui/test-gui-kiosk.o $(KIOSK_TESTLIB_OBJ) \
                               $(LIBKIOSK) $(LIBTICKET) $(LIBHALL) | $(KIOSK_MO)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(CORE_LIBS) $(GUI_LIBS) $(TICKET_LIBS) -lm

EXTRA_PROGRAMS += $(BUILD)/hall-kiosk
TEST_PROGRAMS  += $(BUILD)/tests/test-gui-kiosk
