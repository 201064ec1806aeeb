from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.user_out import UserOut


T = TypeVar("T", bound="LoginResponse")


@_attrs_define
class LoginResponse:
    """
    Attributes:
        access_token (str):
        refresh_token (str):
        expires_in (int): Seconds until the access token expires
        refresh_expires_in (int): Seconds until the refresh token expires
        user (UserOut):
        token_type (Literal['Bearer'] | Unset):  Default: 'Bearer'.
        mfa_enrollment_required (bool | None | Unset): Present (true) when the tenant requires this user to enrol a
            second factor: before `mfa_enrollment_deadline` as a notice; after it the tokens only reach the enrolment
            endpoints
        mfa_enrollment_deadline (datetime.datetime | None | Unset): Until when the user may sign in without a second
            factor
    """

    access_token: str
    refresh_token: str
    expires_in: int
    refresh_expires_in: int
    user: UserOut
    token_type: Literal["Bearer"] | Unset = "Bearer"
    mfa_enrollment_required: bool | None | Unset = UNSET
    mfa_enrollment_deadline: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access_token = self.access_token

        refresh_token = self.refresh_token

        expires_in = self.expires_in

        refresh_expires_in = self.refresh_expires_in

        user = self.user.to_dict()

        token_type = self.token_type

        mfa_enrollment_required: bool | None | Unset
        if isinstance(self.mfa_enrollment_required, Unset):
            mfa_enrollment_required = UNSET
        else:
            mfa_enrollment_required = self.mfa_enrollment_required

        mfa_enrollment_deadline: None | str | Unset
        if isinstance(self.mfa_enrollment_deadline, Unset):
            mfa_enrollment_deadline = UNSET
        elif isinstance(self.mfa_enrollment_deadline, datetime.datetime):
            mfa_enrollment_deadline = self.mfa_enrollment_deadline.isoformat()
        else:
            mfa_enrollment_deadline = self.mfa_enrollment_deadline

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "access_token": access_token,
                "refresh_token": refresh_token,
                "expires_in": expires_in,
                "refresh_expires_in": refresh_expires_in,
                "user": user,
            }
        )
        if token_type is not UNSET:
            field_dict["token_type"] = token_type
        if mfa_enrollment_required is not UNSET:
            field_dict["mfa_enrollment_required"] = mfa_enrollment_required
        if mfa_enrollment_deadline is not UNSET:
            field_dict["mfa_enrollment_deadline"] = mfa_enrollment_deadline

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user_out import UserOut  # noqa: PLC0415

        d = dict(src_dict)
        access_token = d.pop("access_token")

        refresh_token = d.pop("refresh_token")

        expires_in = d.pop("expires_in")

        refresh_expires_in = d.pop("refresh_expires_in")

        user = UserOut.from_dict(d.pop("user"))

        token_type = cast(Literal["Bearer"] | Unset, d.pop("token_type", UNSET))
        if token_type != "Bearer" and not isinstance(token_type, Unset):
            raise ValueError(f"token_type must match const 'Bearer', got '{token_type}'")

        def _parse_mfa_enrollment_required(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        mfa_enrollment_required = _parse_mfa_enrollment_required(
            d.pop("mfa_enrollment_required", UNSET)
        )

        def _parse_mfa_enrollment_deadline(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                mfa_enrollment_deadline_type_0 = datetime.datetime.fromisoformat(data)

                return mfa_enrollment_deadline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        mfa_enrollment_deadline = _parse_mfa_enrollment_deadline(
            d.pop("mfa_enrollment_deadline", UNSET)
        )

        login_response = cls(
            access_token=access_token,
            refresh_token=refresh_token,
            expires_in=expires_in,
            refresh_expires_in=refresh_expires_in,
            user=user,
            token_type=token_type,
            mfa_enrollment_required=mfa_enrollment_required,
            mfa_enrollment_deadline=mfa_enrollment_deadline,
        )

        login_response.additional_properties = d
        return login_response

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
