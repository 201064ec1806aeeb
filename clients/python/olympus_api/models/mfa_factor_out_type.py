from typing import Literal

MfaFactorOutType = Literal["passkey", "totp"]

MFA_FACTOR_OUT_TYPE_VALUES: set[MfaFactorOutType] = {
    "passkey",
    "totp",
}


def check_mfa_factor_out_type(value: str) -> MfaFactorOutType:
    if value in MFA_FACTOR_OUT_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {MFA_FACTOR_OUT_TYPE_VALUES!r}")
