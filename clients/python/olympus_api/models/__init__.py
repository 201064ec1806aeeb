"""Contains all the data models used in inputs/outputs"""

from .accepted_response import AcceptedResponse
from .address import Address
from .adjustment_create import AdjustmentCreate
from .analytics_hours_format_type_0 import AnalyticsHoursFormatType0
from .analytics_locations_format_type_0 import AnalyticsLocationsFormatType0
from .analytics_payment_methods_format_type_0 import AnalyticsPaymentMethodsFormatType0
from .analytics_sales_format_type_0 import AnalyticsSalesFormatType0
from .analytics_top_products_format_type_0 import AnalyticsTopProductsFormatType0
from .applied_discount_out import AppliedDiscountOut
from .assertion_response_json import AssertionResponseJSON
from .attestation_response_json import AttestationResponseJSON
from .audit_log_out import AuditLogOut
from .audit_log_out_changes import AuditLogOutChanges
from .auth_jwks_response_auth_jwks import AuthJwksResponseAuthJwks
from .auth_jwks_response_auth_jwks_additional_property_item import (
    AuthJwksResponseAuthJwksAdditionalPropertyItem,
)
from .authentication_credential_json import AuthenticationCredentialJSON
from .authentication_credential_json_clientextensionresults import (
    AuthenticationCredentialJSONClientextensionresults,
)
from .cancel_in import CancelIn
from .card_method import CardMethod
from .cart_channel import CartChannel
from .cart_code_add import CartCodeAdd
from .cart_code_out import CartCodeOut
from .cart_create import CartCreate
from .cart_discount_out import CartDiscountOut
from .cart_item_add import CartItemAdd
from .cart_item_change import CartItemChange
from .cart_item_out import CartItemOut
from .cart_out import CartOut
from .cart_out_status import CartOutStatus
from .cash_method import CashMethod
from .category_create import CategoryCreate
from .category_out import CategoryOut
from .category_update import CategoryUpdate
from .consent_change_out import ConsentChangeOut
from .customer_address import CustomerAddress
from .customer_address_out import CustomerAddressOut
from .customer_audit_out import CustomerAuditOut
from .customer_audit_out_changes import CustomerAuditOutChanges
from .customer_create import CustomerCreate
from .customer_export import CustomerExport
from .customer_out import CustomerOut
from .customer_update import CustomerUpdate
from .delivery_out import DeliveryOut
from .delivery_status import DeliveryStatus
from .discount_create import DiscountCreate
from .discount_create_type import DiscountCreateType
from .discount_out import DiscountOut
from .discount_status import DiscountStatus
from .discount_update import DiscountUpdate
from .email_template_override import EmailTemplateOverride
from .fulfilment_create import FulfilmentCreate
from .fulfilment_line_in import FulfilmentLineIn
from .grant_create import GrantCreate
from .grant_out import GrantOut
from .health import Health
from .hour_cell import HourCell
from .hours_report import HoursReport
from .import_issue import ImportIssue
from .import_result_out import ImportResultOut
from .interval import Interval
from .location_create import LocationCreate
from .location_create_currency import LocationCreateCurrency
from .location_kind import LocationKind
from .location_out import LocationOut
from .location_price_out import LocationPriceOut
from .location_price_set import LocationPriceSet
from .location_sales import LocationSales
from .location_status import LocationStatus
from .location_stock_out import LocationStockOut
from .location_update import LocationUpdate
from .location_update_currency import LocationUpdateCurrency
from .locations_report import LocationsReport
from .login_request import LoginRequest
from .login_response import LoginResponse
from .low_stock_out import LowStockOut
from .me_response import MeResponse
from .mfa_challenge_response import MfaChallengeResponse
from .mfa_factor_out import MfaFactorOut
from .mfa_factor_out_type import MfaFactorOutType
from .mfa_status_response import MfaStatusResponse
from .mfa_verify_request import MfaVerifyRequest
from .movement_out import MovementOut
from .note_in import NoteIn
from .order_create import OrderCreate
from .order_item_in import OrderItemIn
from .order_item_out import OrderItemOut
from .order_read import OrderRead
from .order_read_channel import OrderReadChannel
from .order_status import OrderStatus
from .order_summary import OrderSummary
from .outbox_state import OutboxState
from .owner_in import OwnerIn
from .page_audit_log_out import PageAuditLogOut
from .page_category_out import PageCategoryOut
from .page_customer_out import PageCustomerOut
from .page_delivery_out import PageDeliveryOut
from .page_discount_out import PageDiscountOut
from .page_location_out import PageLocationOut
from .page_low_stock_out import PageLowStockOut
from .page_movement_out import PageMovementOut
from .page_order_summary import PageOrderSummary
from .page_passkey_out import PagePasskeyOut
from .page_payment_out import PagePaymentOut
from .page_product_out import PageProductOut
from .page_role_out import PageRoleOut
from .page_security_event_out import PageSecurityEventOut
from .page_session_out import PageSessionOut
from .page_tenant_out import PageTenantOut
from .page_user_detail import PageUserDetail
from .page_webhook_out import PageWebhookOut
from .passkey_authentication_options_request_type_0 import (
    PasskeyAuthenticationOptionsRequestType0,
)
from .passkey_authentication_options_request_type_1 import (
    PasskeyAuthenticationOptionsRequestType1,
)
from .passkey_authentication_request_type_0 import PasskeyAuthenticationRequestType0
from .passkey_authentication_request_type_1 import PasskeyAuthenticationRequestType1
from .passkey_options_response import PasskeyOptionsResponse
from .passkey_options_response_public_key import PasskeyOptionsResponsePublicKey
from .passkey_out import PasskeyOut
from .passkey_out_device_type import PasskeyOutDeviceType
from .passkey_registered_response import PasskeyRegisteredResponse
from .passkey_registration_request import PasskeyRegistrationRequest
from .passkey_remove_request import PasskeyRemoveRequest
from .passkey_rename import PasskeyRename
from .password_change import PasswordChange
from .password_reset_confirm import PasswordResetConfirm
from .password_reset_request import PasswordResetRequest
from .password_sign_in import PasswordSignIn
from .payment_create import PaymentCreate
from .payment_mix import PaymentMix
from .payment_mix_report import PaymentMixReport
from .payment_out import PaymentOut
from .payment_out_method import PaymentOutMethod
from .payment_out_status import PaymentOutStatus
from .payment_settings_out import PaymentSettingsOut
from .payment_settings_out_processor import PaymentSettingsOutProcessor
from .payment_settings_update import PaymentSettingsUpdate
from .payment_settings_update_processor_type_0 import (
    PaymentSettingsUpdateProcessorType0,
)
from .payment_status import PaymentStatus
from .permission_catalogue import PermissionCatalogue
from .permission_out import PermissionOut
from .problem_detail import ProblemDetail
from .product_create import ProductCreate
from .product_create_attributes import ProductCreateAttributes
from .product_create_currency import ProductCreateCurrency
from .product_location_price import ProductLocationPrice
from .product_measure import ProductMeasure
from .product_option import ProductOption
from .product_option_out import ProductOptionOut
from .product_out import ProductOut
from .product_out_attributes import ProductOutAttributes
from .product_out_option_values import ProductOutOptionValues
from .product_sort import ProductSort
from .product_status import ProductStatus
from .product_update import ProductUpdate
from .product_update_attributes import ProductUpdateAttributes
from .product_update_currency import ProductUpdateCurrency
from .rate_limit_overrides import RateLimitOverrides
from .readiness import Readiness
from .readiness_checks import ReadinessChecks
from .recovery_codes_response import RecoveryCodesResponse
from .refresh_request import RefreshRequest
from .refund_create import RefundCreate
from .refund_out import RefundOut
from .refund_out_status import RefundOutStatus
from .register_request import RegisterRequest
from .registration_credential_json import RegistrationCredentialJSON
from .registration_credential_json_clientextensionresults import (
    RegistrationCredentialJSONClientextensionresults,
)
from .rejected_row import RejectedRow
from .reservation_create import ReservationCreate
from .reservation_end import ReservationEnd
from .reservation_line_in import ReservationLineIn
from .reservation_line_out import ReservationLineOut
from .reservation_out import ReservationOut
from .reservation_owner_out import ReservationOwnerOut
from .role_create import RoleCreate
from .role_grant_ref import RoleGrantRef
from .role_out import RoleOut
from .role_update import RoleUpdate
from .sales_figures import SalesFigures
from .sales_period import SalesPeriod
from .sales_report import SalesReport
from .second_factor import SecondFactor
from .second_factor_required import SecondFactorRequired
from .security_event_kind import SecurityEventKind
from .security_event_out import SecurityEventOut
from .session_out import SessionOut
from .session_tokens import SessionTokens
from .settings_schema import SettingsSchema
from .settings_schema_tenant_settings import SettingsSchemaTenantSettings
from .settings_schema_user_preferences import SettingsSchemaUserPreferences
from .stock_out import StockOut
from .tax_rate_input import TaxRateInput
from .tax_rate_output import TaxRateOutput
from .tenant_create import TenantCreate
from .tenant_created import TenantCreated
from .tenant_out import TenantOut
from .tenant_rate_limits import TenantRateLimits
from .tenant_ref import TenantRef
from .tenant_settings import TenantSettings
from .tenant_settings_default_currency import TenantSettingsDefaultCurrency
from .tenant_settings_email_templates import TenantSettingsEmailTemplates
from .tenant_settings_update import TenantSettingsUpdate
from .tenant_settings_update_default_currency_type_0 import (
    TenantSettingsUpdateDefaultCurrencyType0,
)
from .tenant_settings_update_email_templates_type_0 import (
    TenantSettingsUpdateEmailTemplatesType0,
)
from .tenant_update import TenantUpdate
from .tenant_update_status_type_0 import TenantUpdateStatusType0
from .tenants_list_status_type_0 import TenantsListStatusType0
from .threshold_set import ThresholdSet
from .timeline_entry_out import TimelineEntryOut
from .timeline_entry_out_data import TimelineEntryOutData
from .token_pair import TokenPair
from .token_request import TokenRequest
from .top_product import TopProduct
from .top_products_report import TopProductsReport
from .totp_confirm_request import TotpConfirmRequest
from .totp_disable_request import TotpDisableRequest
from .totp_setup_response import TotpSetupResponse
from .transfer_create import TransferCreate
from .transfer_out import TransferOut
from .user_create import UserCreate
from .user_detail import UserDetail
from .user_envelope import UserEnvelope
from .user_out import UserOut
from .user_preferences import UserPreferences
from .user_preferences_theme import UserPreferencesTheme
from .user_preferences_update import UserPreferencesUpdate
from .user_preferences_update_theme_type_0 import UserPreferencesUpdateThemeType0
from .user_update import UserUpdate
from .users_list_status_type_0 import UsersListStatusType0
from .validation_issue import ValidationIssue
from .validation_problem import ValidationProblem
from .variant_create import VariantCreate
from .variant_create_attributes import VariantCreateAttributes
from .variant_create_option_values import VariantCreateOptionValues
from .variant_out import VariantOut
from .variant_out_attributes import VariantOutAttributes
from .variant_out_option_values import VariantOutOptionValues
from .variant_update import VariantUpdate
from .variant_update_attributes import VariantUpdateAttributes
from .variant_update_option_values import VariantUpdateOptionValues
from .webhook_answer import WebhookAnswer
from .webhook_create import WebhookCreate
from .webhook_out import WebhookOut
from .webhook_update import WebhookUpdate
from .webhook_with_secret import WebhookWithSecret

__all__ = (
    "AcceptedResponse",
    "Address",
    "AdjustmentCreate",
    "AnalyticsHoursFormatType0",
    "AnalyticsLocationsFormatType0",
    "AnalyticsPaymentMethodsFormatType0",
    "AnalyticsSalesFormatType0",
    "AnalyticsTopProductsFormatType0",
    "AppliedDiscountOut",
    "AssertionResponseJSON",
    "AttestationResponseJSON",
    "AuditLogOut",
    "AuditLogOutChanges",
    "AuthenticationCredentialJSON",
    "AuthenticationCredentialJSONClientextensionresults",
    "AuthJwksResponseAuthJwks",
    "AuthJwksResponseAuthJwksAdditionalPropertyItem",
    "CancelIn",
    "CardMethod",
    "CartChannel",
    "CartCodeAdd",
    "CartCodeOut",
    "CartCreate",
    "CartDiscountOut",
    "CartItemAdd",
    "CartItemChange",
    "CartItemOut",
    "CartOut",
    "CartOutStatus",
    "CashMethod",
    "CategoryCreate",
    "CategoryOut",
    "CategoryUpdate",
    "ConsentChangeOut",
    "CustomerAddress",
    "CustomerAddressOut",
    "CustomerAuditOut",
    "CustomerAuditOutChanges",
    "CustomerCreate",
    "CustomerExport",
    "CustomerOut",
    "CustomerUpdate",
    "DeliveryOut",
    "DeliveryStatus",
    "DiscountCreate",
    "DiscountCreateType",
    "DiscountOut",
    "DiscountStatus",
    "DiscountUpdate",
    "EmailTemplateOverride",
    "FulfilmentCreate",
    "FulfilmentLineIn",
    "GrantCreate",
    "GrantOut",
    "Health",
    "HourCell",
    "HoursReport",
    "ImportIssue",
    "ImportResultOut",
    "Interval",
    "LocationCreate",
    "LocationCreateCurrency",
    "LocationKind",
    "LocationOut",
    "LocationPriceOut",
    "LocationPriceSet",
    "LocationSales",
    "LocationsReport",
    "LocationStatus",
    "LocationStockOut",
    "LocationUpdate",
    "LocationUpdateCurrency",
    "LoginRequest",
    "LoginResponse",
    "LowStockOut",
    "MeResponse",
    "MfaChallengeResponse",
    "MfaFactorOut",
    "MfaFactorOutType",
    "MfaStatusResponse",
    "MfaVerifyRequest",
    "MovementOut",
    "NoteIn",
    "OrderCreate",
    "OrderItemIn",
    "OrderItemOut",
    "OrderRead",
    "OrderReadChannel",
    "OrderStatus",
    "OrderSummary",
    "OutboxState",
    "OwnerIn",
    "PageAuditLogOut",
    "PageCategoryOut",
    "PageCustomerOut",
    "PageDeliveryOut",
    "PageDiscountOut",
    "PageLocationOut",
    "PageLowStockOut",
    "PageMovementOut",
    "PageOrderSummary",
    "PagePasskeyOut",
    "PagePaymentOut",
    "PageProductOut",
    "PageRoleOut",
    "PageSecurityEventOut",
    "PageSessionOut",
    "PageTenantOut",
    "PageUserDetail",
    "PageWebhookOut",
    "PasskeyAuthenticationOptionsRequestType0",
    "PasskeyAuthenticationOptionsRequestType1",
    "PasskeyAuthenticationRequestType0",
    "PasskeyAuthenticationRequestType1",
    "PasskeyOptionsResponse",
    "PasskeyOptionsResponsePublicKey",
    "PasskeyOut",
    "PasskeyOutDeviceType",
    "PasskeyRegisteredResponse",
    "PasskeyRegistrationRequest",
    "PasskeyRemoveRequest",
    "PasskeyRename",
    "PasswordChange",
    "PasswordResetConfirm",
    "PasswordResetRequest",
    "PasswordSignIn",
    "PaymentCreate",
    "PaymentMix",
    "PaymentMixReport",
    "PaymentOut",
    "PaymentOutMethod",
    "PaymentOutStatus",
    "PaymentSettingsOut",
    "PaymentSettingsOutProcessor",
    "PaymentSettingsUpdate",
    "PaymentSettingsUpdateProcessorType0",
    "PaymentStatus",
    "PermissionCatalogue",
    "PermissionOut",
    "ProblemDetail",
    "ProductCreate",
    "ProductCreateAttributes",
    "ProductCreateCurrency",
    "ProductLocationPrice",
    "ProductMeasure",
    "ProductOption",
    "ProductOptionOut",
    "ProductOut",
    "ProductOutAttributes",
    "ProductOutOptionValues",
    "ProductSort",
    "ProductStatus",
    "ProductUpdate",
    "ProductUpdateAttributes",
    "ProductUpdateCurrency",
    "RateLimitOverrides",
    "Readiness",
    "ReadinessChecks",
    "RecoveryCodesResponse",
    "RefreshRequest",
    "RefundCreate",
    "RefundOut",
    "RefundOutStatus",
    "RegisterRequest",
    "RegistrationCredentialJSON",
    "RegistrationCredentialJSONClientextensionresults",
    "RejectedRow",
    "ReservationCreate",
    "ReservationEnd",
    "ReservationLineIn",
    "ReservationLineOut",
    "ReservationOut",
    "ReservationOwnerOut",
    "RoleCreate",
    "RoleGrantRef",
    "RoleOut",
    "RoleUpdate",
    "SalesFigures",
    "SalesPeriod",
    "SalesReport",
    "SecondFactor",
    "SecondFactorRequired",
    "SecurityEventKind",
    "SecurityEventOut",
    "SessionOut",
    "SessionTokens",
    "SettingsSchema",
    "SettingsSchemaTenantSettings",
    "SettingsSchemaUserPreferences",
    "StockOut",
    "TaxRateInput",
    "TaxRateOutput",
    "TenantCreate",
    "TenantCreated",
    "TenantOut",
    "TenantRateLimits",
    "TenantRef",
    "TenantSettings",
    "TenantSettingsDefaultCurrency",
    "TenantSettingsEmailTemplates",
    "TenantSettingsUpdate",
    "TenantSettingsUpdateDefaultCurrencyType0",
    "TenantSettingsUpdateEmailTemplatesType0",
    "TenantsListStatusType0",
    "TenantUpdate",
    "TenantUpdateStatusType0",
    "ThresholdSet",
    "TimelineEntryOut",
    "TimelineEntryOutData",
    "TokenPair",
    "TokenRequest",
    "TopProduct",
    "TopProductsReport",
    "TotpConfirmRequest",
    "TotpDisableRequest",
    "TotpSetupResponse",
    "TransferCreate",
    "TransferOut",
    "UserCreate",
    "UserDetail",
    "UserEnvelope",
    "UserOut",
    "UserPreferences",
    "UserPreferencesTheme",
    "UserPreferencesUpdate",
    "UserPreferencesUpdateThemeType0",
    "UsersListStatusType0",
    "UserUpdate",
    "ValidationIssue",
    "ValidationProblem",
    "VariantCreate",
    "VariantCreateAttributes",
    "VariantCreateOptionValues",
    "VariantOut",
    "VariantOutAttributes",
    "VariantOutOptionValues",
    "VariantUpdate",
    "VariantUpdateAttributes",
    "VariantUpdateOptionValues",
    "WebhookAnswer",
    "WebhookCreate",
    "WebhookOut",
    "WebhookUpdate",
    "WebhookWithSecret",
)
