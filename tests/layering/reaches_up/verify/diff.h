// A verify/ header that includes the plan: what the layering check refuses.
#pragma once

#include "model/account.h"
#include "plan/plan.h"
