# tests/gui/test-gui-hall.c: the desk, the board and the dashboard together
# on one server (links the counter, display and manager libraries; see
# mk/counter.mk, mk/display.mk, mk/manager.mk).

$(BUILD)/tests/test-gui-hall: $(BUILD)/tests/gui/test-gui-hall.o $(LIBCOUNTER) $(LIBDISPLAY) \
    $(DISPLAY_RES_OBJ) $(BUILD)/libmanager.a $(LIBREPORT) $(GUI_TESTLIB_OBJ) $(TESTLIB_OBJ) $(LIBSERVER) $(LIBHALL)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CORE_LIBS) $(GUI_LIBS) $(VOICE_LIBS) $(TICKET_LIBS) -lm -lpthread

TEST_PROGRAMS += $(BUILD)/tests/test-gui-hall
