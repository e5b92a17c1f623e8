/// Every operation with its response decoder and body encoder, for the contract,
/// property and fuzz tests (feature `contract`, so users don't compile it).
#[cfg(feature = "contract")]
#[doc(hidden)]
pub mod contract {
    use super::types;
    pub use ::twilio_spec::contract::{EncodedBody, OperationContract};
    /// All operations, in spec order.
    pub const OPERATIONS: &[OperationContract] = &[
        OperationContract {
            id: "ListWidget",
            method: "GET",
            path: "/v1/Widgets",
            response: Some(|bytes| serde_json::to_value(
                serde_json::from_slice::<types::ListWidgetResponse>(bytes)?,
            )),
            body: None,
        },
        OperationContract {
            id: "CreateWidget",
            method: "POST",
            path: "/v1/Widgets",
            response: Some(|bytes| serde_json::to_value(
                serde_json::from_slice::<types::Widget>(bytes)?,
            )),
            body: Some(|v| Ok(
                EncodedBody::Form(
                    ::twilio_runtime::__generated::form_pairs(
                        &serde_json::from_value::<types::CreateWidgetRequest>(v)?,
                    )?,
                ),
            )),
        },
        OperationContract {
            id: "FetchWidget",
            method: "GET",
            path: "/v1/Widgets/{Sid}",
            response: Some(|bytes| serde_json::to_value(
                serde_json::from_slice::<types::Widget>(bytes)?,
            )),
            body: None,
        },
        OperationContract {
            id: "UpdateWidget",
            method: "POST",
            path: "/v1/Widgets/{Sid}",
            response: Some(|bytes| serde_json::to_value(
                serde_json::from_slice::<types::Widget>(bytes)?,
            )),
            body: Some(|v| Ok(
                EncodedBody::Form(
                    ::twilio_runtime::__generated::form_pairs(
                        &serde_json::from_value::<types::UpdateWidgetRequest>(v)?,
                    )?,
                ),
            )),
        },
        OperationContract {
            id: "DeleteWidget",
            method: "DELETE",
            path: "/v1/Widgets/{Sid}",
            response: None,
            body: None,
        },
        OperationContract {
            id: "CreateWidgetTransfer",
            method: "POST",
            path: "/v1/Widgets/{WidgetSid}/Transfers",
            response: Some(|bytes| serde_json::to_value(
                serde_json::from_slice::<types::WidgetTransfer>(bytes)?,
            )),
            body: Some(|v| Ok(
                EncodedBody::Json(
                    serde_json::to_value(
                        serde_json::from_value::<
                            ::serde_json::Map<::std::string::String, ::serde_json::Value>,
                        >(v)?,
                    )?,
                ),
            )),
        },
        OperationContract {
            id: "FetchSettings",
            method: "GET",
            path: "/v1/Settings",
            response: Some(|bytes| serde_json::to_value(
                serde_json::from_slice::<types::Settings>(bytes)?,
            )),
            body: None,
        },
        OperationContract {
            id: "UpdateSettings",
            method: "POST",
            path: "/v1/Settings",
            response: Some(|bytes| serde_json::to_value(
                serde_json::from_slice::<types::Settings>(bytes)?,
            )),
            body: Some(|v| Ok(
                EncodedBody::Json(
                    serde_json::to_value(
                        serde_json::from_value::<
                            ::serde_json::Map<::std::string::String, ::serde_json::Value>,
                        >(v)?,
                    )?,
                ),
            )),
        },
    ];
}
