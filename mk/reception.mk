# ---- reception/ : hall-reception, the reception desk (导服台, issue 18) ------
# Its own program and device key (role reception).  The .ui templates and
# the style sheet are a GResource registered by hand
# (reception_ui_ensure_resources); every reception/*.c but the main goes
# into libreception.a so the GUI test links the screens the program runs.
# It prints slips with the kiosk's ticket library, libticket.a.

RECEPTION_GRESOURCE := reception/reception.gresource.xml
RECEPTION_RES_DEPS  := $(RECEPTION_GRESOURCE) $(wildcard reception/*.ui reception/*.css)
RECEPTION_RES_C     := $(BUILD)/gen/reception-resources.c
RECEPTION_RES_OBJ   := $(BUILD)/gen/reception-resources.o
RECEPTION_LIB_SRC   := $(filter-out reception/reception-main.c,$(wildcard reception/*.c))
RECEPTION_LIB_OBJ   := $(RECEPTION_LIB_SRC:%.c=$(BUILD)/%.o)
LIBRECEPTION        := $(BUILD)/libreception.a
RECEPTION_MO        := $(BUILD)/locale/en/LC_MESSAGES/hall-reception.mo

# The Makefile's include list does not name reception/: its objects and
# its test add it.
$(BUILD)/reception/%.o $(BUILD)/tests/gui/test-gui-reception.o: ALL_CFLAGS += -Ireception

$(RECEPTION_RES_C): $(RECEPTION_RES_DEPS)
	@mkdir -p $(dir $@)
	glib-compile-resources --sourcedir=reception --generate-source \
	  --c-name reception_resources --manual-register --target=$@ $<

$(RECEPTION_RES_OBJ): $(RECEPTION_RES_C)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) $(GUI_CFLAGS) -Wno-overlength-strings -c $< -o $@

$(LIBRECEPTION): $(RECEPTION_LIB_OBJ) $(RECEPTION_RES_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/hall-reception: $(BUILD)/reception/reception-main.o $(LIBRECEPTION) $(LIBTICKET) $(LIBHALL) | $(RECEPTION_MO)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(CORE_LIBS) $(GUI_LIBS) $(TICKET_LIBS) -lm

# The Makefile defines TESTLIB_OBJ and GUI_TESTLIB_OBJ after including this
# fragment, and prerequisites expand as they are read: name them here.
RECEPTION_TESTLIB_OBJ := $(BUILD)/tests/lib/harness.o \
  $(patsubst %.c,$(BUILD)/%.o,$(wildcard tests/lib/gui/*.c))

$(BUILD)/tests/test-gui-reception: $(BUILD)/tests/gui/test-gui-reception.o $(RECEPTION_TESTLIB_OBJ) \
                                   $(LIBRECEPTION) $(LIBTICKET) $(LIBHALL) | $(RECEPTION_MO)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(CORE_LIBS) $(GUI_LIBS) $(TICKET_LIBS) -lm

EXTRA_PROGRAMS += $(BUILD)/hall-reception
TEST_PROGRAMS  += $(BUILD)/tests/test-gui-reception
