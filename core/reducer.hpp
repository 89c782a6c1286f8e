#pragma once
// placeholder: the thread reducer
