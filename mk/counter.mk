# counter-client/ : hall-counter, the clerk's desk (issue 3), and in
# rating-pad/ the window's rating pad it runs as with --rating-pad.
#
# The .ui templates and the style sheet go into a GResource compiled into
# libcounter.a (registered by hand: counter_resources_ensure()); every
# counter-client/*.c except main.c is in libcounter.a so that the GUI test
# links the real widgets.

COUNTER_SRC      := $(filter-out counter-client/main.c,$(wildcard counter-client/*.c))
COUNTER_OBJ      := $(COUNTER_SRC:%.c=$(BUILD)/%.o) $(BUILD)/counter-client/counter-gresource.o
COUNTER_RES_DEPS := counter-client/counter.gresource.xml $(wildcard counter-client/*.ui counter-client/*.css)
LIBCOUNTER       := $(BUILD)/libcounter.a
RATING_SRC      := $(wildcard counter-client/rating-pad/*.c)
RATING_OBJ      := $(RATING_SRC:%.c=$(BUILD)/%.o) $(BUILD)/counter-client/rating-pad/rating-gresource.o
RATING_RES_DEPS := counter-client/rating-pad/rating-pad.gresource.xml \
  $(wildcard counter-client/rating-pad/*.ui counter-client/rating-pad/*.css)
LIBRATING       := $(BUILD)/librating.a

$(BUILD)/gen/counter-gresource.c: $(COUNTER_RES_DEPS)
	@mkdir -p $(dir $@)
	glib-compile-resources --sourcedir=counter-client --generate-source --manual-register \
	  --c-name counter --target=$@ $<

$(BUILD)/counter-client/counter-gresource.o: $(BUILD)/gen/counter-gresource.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(GUI_CFLAGS) -c $< -o $@

$(LIBCOUNTER): $(COUNTER_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/hall-counter: $(BUILD)/counter-client/main.o $(LIBCOUNTER) $(LIBRATING) $(LIBHALL)
	$(CC) $(LDFLAGS) -o $@ $^ $(CORE_LIBS) $(GUI_LIBS) -lm


# The Makefile defines TESTLIB_OBJ and GUI_TESTLIB_OBJ after including this
# fragment, and prerequisites expand as they are read: name them here.
COUNTER_TESTLIB_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard tests/lib/*.c tests/lib/gui/*.c))

$(BUILD)/tests/test-gui-counter: $(BUILD)/tests/gui/test-gui-counter.o $(LIBCOUNTER) \
    $(COUNTER_TESTLIB_OBJ) $(LIBSERVER) $(LIBHALL)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CORE_LIBS) $(GUI_LIBS) -lm

EXTRA_PROGRAMS += $(BUILD)/hall-counter
TEST_PROGRAMS  += $(BUILD)/tests/test-gui-counter

# ---- counter-client/rating-pad/ : the rating pad (评价器, issue 5), the same
# program run as `hall-counter --rating-pad`.  Its toplevel and screens are
# librating.a; their templates and style sheet are a second bundle,
# registered by rating_resources_ensure().

$(BUILD)/gen/rating-gresource.c: $(RATING_RES_DEPS)
	@mkdir -p $(dir $@)
	glib-compile-resources --sourcedir=counter-client/rating-pad --generate-source --manual-register \
	  --c-name rating_pad --target=$@ $<

$(BUILD)/counter-client/rating-pad/rating-gresource.o: $(BUILD)/gen/rating-gresource.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(GUI_CFLAGS) -c $< -o $@

$(LIBRATING): $(RATING_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/tests/test-gui-rating: $(BUILD)/tests/gui/test-gui-rating.o $(LIBRATING) \
    $(COUNTER_TESTLIB_OBJ) $(LIBSERVER) $(LIBHALL)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CORE_LIBS) $(GUI_LIBS) -lm

TEST_PROGRAMS  += $(BUILD)/tests/test-gui-rating
