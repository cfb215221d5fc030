# tests/gui/test-gui-hall.c: the desk and the board together on one server
# (links the counter and display libraries; see mk/counter.mk, mk/display.mk).

$(BUILD)/tests/test-gui-hall: $(BUILD)/tests/gui/test-gui-hall.o $(LIBCOUNTER) $(LIBDISPLAY) \
    $(DISPLAY_RES_OBJ) $(GUI_TESTLIB_OBJ) $(TESTLIB_OBJ) $(LIBSERVER) $(LIBHALL)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CORE_LIBS) $(GUI_LIBS) $(VOICE_LIBS) -lm -lpthread

TEST_PROGRAMS += $(BUILD)/tests/test-gui-hall
