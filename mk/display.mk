# display/ : hall-display (the hall board, the window strip, the voice).
#
# The .ui templates and style.css are compiled into a GResource; every
# display/*.c but main.c goes into libdisplay.a so the GUI test can build a
# board in-process.

DISPLAY_LIB_SRC := $(filter-out display/main.c,$(wildcard display/*.c))
DISPLAY_LIB_OBJ := $(DISPLAY_LIB_SRC:%.c=$(BUILD)/%.o)
LIBDISPLAY      := $(BUILD)/libdisplay.a
DISPLAY_RES_XML := display/display.gresource.xml
DISPLAY_RES_DEP := $(wildcard display/*.ui display/*.css)
DISPLAY_RES_C   := $(BUILD)/gen/display-resources.c
DISPLAY_RES_OBJ := $(BUILD)/gen/display-resources.o
DISPLAY_LIBS     = $(CORE_LIBS) $(GUI_LIBS) $(VOICE_LIBS) -lm -lpthread

$(DISPLAY_RES_C): $(DISPLAY_RES_XML) $(DISPLAY_RES_DEP)
	@mkdir -p $(dir $@)
	glib-compile-resources --sourcedir=display --generate-source --c-name hall_display \
	  --target=$@ $<

$(DISPLAY_RES_OBJ): $(DISPLAY_RES_C)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) $(GUI_CFLAGS) -c $< -o $@

$(LIBDISPLAY): $(DISPLAY_LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/hall-display: $(BUILD)/display/main.o $(DISPLAY_RES_OBJ) $(LIBDISPLAY) $(LIBHALL)
	$(CC) $(LDFLAGS) -o $@ $^ $(DISPLAY_LIBS)

# The Makefile sets TESTLIB_OBJ and GUI_TESTLIB_OBJ only after including
# this fragment, and prerequisites are expanded when read: name them here.
DISPLAY_TESTLIB_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard tests/lib/gui/*.c tests/lib/*.c))

$(BUILD)/tests/test-gui-display: $(BUILD)/tests/gui/test-gui-display.o $(DISPLAY_RES_OBJ) \
    $(LIBDISPLAY) $(DISPLAY_TESTLIB_OBJ) $(LIBSERVER) $(LIBHALL)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(DISPLAY_LIBS)

EXTRA_PROGRAMS += $(BUILD)/hall-display
TEST_PROGRAMS  += $(BUILD)/tests/test-gui-display

# The test includes the display's headers.
$(BUILD)/tests/gui/test-gui-display.o: ALL_CFLAGS += -Idisplay
