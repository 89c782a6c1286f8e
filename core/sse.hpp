#pragma once
// placeholder, written by the SSE work
