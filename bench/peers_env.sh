# Sourced by ../shared/peers/zgoda/env.sh through ZG_BENCH_ENV_FILE:
#   ZG_BENCH_ENV_FILE=$PWD/bench/peers_env.sh ../shared/peers/interleave.sh 3 20 32
# Limits added since ../shared/peers/zgoda/env.sh was written (issues 11, 12), lifted for the
# side-by-side benchmark exactly as bench/login.py's LIMITS_ENV lifts them.
export ZGODA_SMS_PER_NUMBER_OTHERS_5MIN=100000 ZGODA_SMS_PER_NUMBER_OTHERS_DAY=100000
export ZGODA_OTP_NEW_NUMBERS_PER_DAY=100000 ZGODA_OTP_MAX_PER_LOGIN=1000
export ZGODA_API_CODES_PER_KEY_HOUR=100000000 ZGODA_API_CODES_PER_KEY_DAY=100000000
export ZGODA_OTP_MAX_CONSECUTIVE_FAILURES=100000000 ZGODA_SMS_CODES_PER_HOUR=100000000
