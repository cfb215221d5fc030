/*  fuzz-protocol.c — libFuzzer target: the request and reply decoders and
 *  the argument validator on arbitrary bytes.
 */
#include "protocol.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    hall_request_t req;
    char errbuf[256];
    hall_error_t rc = hall_request_parse (data, size, &req, errbuf, sizeof errbuf);
    if (rc == HALL_OK) {
        /* A request that passed must validate again and re-encode. */
        if (hall_args_validate (req.op, req.args, errbuf, sizeof errbuf) != HALL_OK)
            abort ();
        char *again = hall_request_encode (req.client, req.req, req.role, req.window, req.op, req.args);
        hall_request_t second;
        if (hall_request_parse (again, strlen (again), &second, errbuf, sizeof errbuf) != HALL_OK)
            abort ();
        hall_request_clear (&second);
        free (again);
    }
    hall_request_clear (&req);
    hall_reply_t reply;
    if (hall_reply_parse (data, size, &reply) == 0)
        hall_reply_clear (&reply);
    return 0;
}
