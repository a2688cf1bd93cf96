/// The code of an error a service answers with, as the AWS CLI prints it in
/// `An error occurred (CODE) when calling the OP operation: …`.
///
/// Every code the simulated world can answer with is a named constant below, grouped by the
/// service whose API reference lists it; a code shared by several services sits with the first
/// of them and says who else uses it. Codes cannot be made from text outside this module, so a
/// misspelt code does not compile:
///
/// ```swift
/// throw AWSError(.noSuchEntity, "The user with name \(name) cannot be found.", operation: call.api)
/// ```
public struct AWSErrorCode: Sendable, Hashable, CustomStringConvertible {
    /// The code exactly as the service sends it (`NoSuchEntity`, `InvalidInstanceID.NotFound`).
    public let rawValue: String

    private init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }
}

// MARK: - Signing and credentials, any service

/// The codes any service answers a request with when its credentials fail, before any policy is
/// read (IAM API Reference and STS API Reference, "Common Errors":
/// https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html,
/// https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html).
extension AWSErrorCode {
    /// The access key (or its session token) does not exist in AWS's records.
    public static let invalidClientTokenId = AWSErrorCode("InvalidClientTokenId")
    /// The request was signed with a secret that does not belong to the access key.
    public static let signatureDoesNotMatch = AWSErrorCode("SignatureDoesNotMatch")
    /// The session token has expired (the query protocol's word for the common
    /// `ExpiredTokenException`).
    public static let expiredToken = AWSErrorCode("ExpiredToken")
}

// MARK: - IAM

/// IAM's codes (IAM API Reference, each action's "Errors" section, for example
/// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html#API_GetUser_Errors, and
/// "Common Errors": https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html).
extension AWSErrorCode {
    /// A call was denied. Also STS's (IAM User Guide, "Troubleshoot access denied error
    /// messages") and S3's (Amazon S3 API Reference, "Error responses").
    public static let accessDenied = AWSErrorCode("AccessDenied")
    /// A value broke the model's constraints (a common error of the query protocol); also STS's.
    public static let validationError = AWSErrorCode("ValidationError")
    /// The named user, group, role, policy, key or device does not exist.
    public static let noSuchEntity = AWSErrorCode("NoSuchEntity")
    /// An entity of that name (or that id) already exists.
    public static let entityAlreadyExists = AWSErrorCode("EntityAlreadyExists")
    /// A policy document is not valid JSON or not a valid policy; also STS's, for session policies.
    public static let malformedPolicyDocument = AWSErrorCode("MalformedPolicyDocument")
    /// The entity still has things attached and cannot be deleted.
    public static let deleteConflict = AWSErrorCode("DeleteConflict")
    /// A quota would be exceeded (versions, keys, policy size, tags).
    public static let limitExceeded = AWSErrorCode("LimitExceeded")
    /// A value is not valid for the call.
    public static let invalidInput = AWSErrorCode("InvalidInput")
    /// A password breaks the account's password policy.
    public static let passwordPolicyViolation = AWSErrorCode("PasswordPolicyViolation")
    /// The MFA codes given to enable a device are wrong.
    public static let invalidAuthenticationCode = AWSErrorCode("InvalidAuthenticationCode")
    /// The credential report is older than four hours.
    public static let reportExpired = AWSErrorCode("ReportExpired")
    /// No credential report has been generated.
    public static let reportNotPresent = AWSErrorCode("ReportNotPresent")
}

// MARK: - STS

/// STS's own codes (STS API Reference, each action's "Errors" section:
/// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html#API_AssumeRole_Errors,
/// `API_AssumeRoleWithWebIdentity.html`, `API_DecodeAuthorizationMessage.html`).
extension AWSErrorCode {
    /// The session policies and tags, packed, exceed the size limit.
    public static let packedPolicyTooLarge = AWSErrorCode("PackedPolicyTooLarge")
    /// The web identity token could not be validated.
    public static let invalidIdentityToken = AWSErrorCode("InvalidIdentityToken")
    /// The web identity token has expired.
    public static let expiredTokenException = AWSErrorCode("ExpiredTokenException")
    /// The encoded authorization message is not one STS issued.
    public static let invalidAuthorizationMessageException = AWSErrorCode("InvalidAuthorizationMessageException")
}

// MARK: - EC2

/// EC2's codes (Amazon EC2 API Reference, "Error codes for the Amazon EC2 API":
/// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html).
extension AWSErrorCode {
    /// A call was denied.
    public static let unauthorizedOperation = AWSErrorCode("UnauthorizedOperation")
    /// The instance id is well formed but names no instance.
    public static let invalidInstanceIDNotFound = AWSErrorCode("InvalidInstanceID.NotFound")
    /// The instance id is not well formed.
    public static let invalidInstanceIDMalformed = AWSErrorCode("InvalidInstanceID.Malformed")
    /// The instance is not in a state that allows the change.
    public static let incorrectInstanceState = AWSErrorCode("IncorrectInstanceState")
    /// The resource is not in a state that allows the call (an existing profile association).
    public static let incorrectState = AWSErrorCode("IncorrectState")
    /// More instances than the account's limit.
    public static let instanceLimitExceeded = AWSErrorCode("InstanceLimitExceeded")
    /// A value is not valid (a common error of the query protocol); also STS's.
    public static let invalidParameterValue = AWSErrorCode("InvalidParameterValue")
    /// An id is not valid.
    public static let invalidID = AWSErrorCode("InvalidID")
}

// MARK: - S3

/// S3's codes (Amazon S3 API Reference, "Error responses", list of error codes:
/// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList).
extension AWSErrorCode {
    /// The bucket does not exist.
    public static let noSuchBucket = AWSErrorCode("NoSuchBucket")
    /// The object does not exist.
    public static let noSuchKey = AWSErrorCode("NoSuchKey")
    /// The bucket has no bucket policy.
    public static let noSuchBucketPolicy = AWSErrorCode("NoSuchBucketPolicy")
    /// The bucket name is not valid.
    public static let invalidBucketName = AWSErrorCode("InvalidBucketName")
    /// Another account owns a bucket of that name.
    public static let bucketAlreadyExists = AWSErrorCode("BucketAlreadyExists")
    /// The caller's account already owns the bucket.
    public static let bucketAlreadyOwnedByYou = AWSErrorCode("BucketAlreadyOwnedByYou")
    /// A bucket policy is not valid.
    public static let malformedPolicy = AWSErrorCode("MalformedPolicy")
    /// A HEAD request found nothing: S3 answers HEAD without a body, so the CLI prints the HTTP
    /// status as the code (`An error occurred (404) when calling the HeadObject operation: Not Found`).
    public static let httpNotFound = AWSErrorCode("404")
}

// MARK: - JSON-protocol services

/// Codes that Lambda, DynamoDB, CloudTrail, Organizations and IAM Access Analyzer share ("Common
/// Errors" of each API reference, for example
/// https://docs.aws.amazon.com/lambda/latest/api/CommonErrors.html, and their actions' "Errors").
extension AWSErrorCode {
    /// A call was denied.
    public static let accessDeniedException = AWSErrorCode("AccessDeniedException")
    /// A value broke the model's constraints.
    public static let validationException = AWSErrorCode("ValidationException")
    /// The function or table does not exist (Lambda, DynamoDB).
    public static let resourceNotFoundException = AWSErrorCode("ResourceNotFoundException")
}

// MARK: - Lambda

/// Lambda's codes (Lambda API Reference, `API_CreateFunction.html#API_CreateFunction_Errors`:
/// https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html).
extension AWSErrorCode {
    /// A function of that name already exists.
    public static let resourceConflictException = AWSErrorCode("ResourceConflictException")
    /// A value is not valid (a role Lambda cannot assume).
    public static let invalidParameterValueException = AWSErrorCode("InvalidParameterValueException")
}

// MARK: - DynamoDB

/// DynamoDB's codes (DynamoDB API Reference, `API_CreateTable.html#API_CreateTable_Errors`:
/// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html).
extension AWSErrorCode {
    /// A table of that name already exists.
    public static let resourceInUseException = AWSErrorCode("ResourceInUseException")
}

// MARK: - CloudTrail

/// CloudTrail's codes (CloudTrail API Reference, `API_LookupEvents.html#API_LookupEvents_Errors`:
/// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html).
extension AWSErrorCode {
    /// A lookup attribute key is not one CloudTrail knows.
    public static let invalidLookupAttributesException = AWSErrorCode("InvalidLookupAttributesException")
}

// MARK: - Organizations

/// Organizations' codes (Organizations API Reference, each action's "Errors" section and
/// "Common Errors": https://docs.aws.amazon.com/organizations/latest/APIReference/CommonErrors.html).
extension AWSErrorCode {
    /// The account is not a member of an organization.
    public static let awsOrganizationsNotInUseException = AWSErrorCode("AWSOrganizationsNotInUseException")
    /// The account is not in the organization.
    public static let accountNotFoundException = AWSErrorCode("AccountNotFoundException")
    /// The account already belongs to an organization.
    public static let alreadyInOrganizationException = AWSErrorCode("AlreadyInOrganizationException")
    /// A limit of the organization would be exceeded.
    public static let constraintViolationException = AWSErrorCode("ConstraintViolationException")
    /// The account is already in the organization.
    public static let duplicateAccountException = AWSErrorCode("DuplicateAccountException")
    /// The policy is already attached to the target.
    public static let duplicatePolicyAttachmentException = AWSErrorCode("DuplicatePolicyAttachmentException")
    /// A policy of that name already exists.
    public static let duplicatePolicyException = AWSErrorCode("DuplicatePolicyException")
    /// The handshake does not exist.
    public static let handshakeNotFoundException = AWSErrorCode("HandshakeNotFoundException")
    /// A value does not match the required pattern.
    public static let invalidInputException = AWSErrorCode("InvalidInputException")
    /// The policy document is not valid for the policy type.
    public static let malformedPolicyDocumentException = AWSErrorCode("MalformedPolicyDocumentException")
    /// The policy is still attached.
    public static let policyInUseException = AWSErrorCode("PolicyInUseException")
    /// The policy is not attached to the target.
    public static let policyNotAttachedException = AWSErrorCode("PolicyNotAttachedException")
    /// The policy does not exist.
    public static let policyNotFoundException = AWSErrorCode("PolicyNotFoundException")
    /// The policy type is already enabled in the root.
    public static let policyTypeAlreadyEnabledException = AWSErrorCode("PolicyTypeAlreadyEnabledException")
    /// The organization's feature set does not allow the policy type.
    public static let policyTypeNotAvailableForOrganizationException = AWSErrorCode("PolicyTypeNotAvailableForOrganizationException")
    /// The policy type is not enabled in the root.
    public static let policyTypeNotEnabledException = AWSErrorCode("PolicyTypeNotEnabledException")
    /// The root does not exist.
    public static let rootNotFoundException = AWSErrorCode("RootNotFoundException")
    /// The target (root, OU or account) does not exist.
    public static let targetNotFoundException = AWSErrorCode("TargetNotFoundException")
}

// MARK: - The catalogue

extension AWSErrorCode {
    /// Every code above, in the order they are declared.
    public static let all: [AWSErrorCode] = [
        .invalidClientTokenId, .signatureDoesNotMatch, .expiredToken,
        .accessDenied, .validationError, .noSuchEntity, .entityAlreadyExists, .malformedPolicyDocument, .deleteConflict, .limitExceeded,
        .invalidInput, .passwordPolicyViolation, .invalidAuthenticationCode, .reportExpired, .reportNotPresent,
        .packedPolicyTooLarge, .invalidIdentityToken, .expiredTokenException, .invalidAuthorizationMessageException,
        .unauthorizedOperation, .invalidInstanceIDNotFound, .invalidInstanceIDMalformed, .incorrectInstanceState, .incorrectState,
        .instanceLimitExceeded, .invalidParameterValue, .invalidID,
        .noSuchBucket, .noSuchKey, .noSuchBucketPolicy, .invalidBucketName, .bucketAlreadyExists, .bucketAlreadyOwnedByYou, .malformedPolicy,
        .httpNotFound,
        .accessDeniedException, .validationException, .resourceNotFoundException,
        .resourceConflictException, .invalidParameterValueException,
        .resourceInUseException,
        .invalidLookupAttributesException,
        .awsOrganizationsNotInUseException, .accountNotFoundException, .alreadyInOrganizationException, .constraintViolationException,
        .duplicateAccountException, .duplicatePolicyAttachmentException, .duplicatePolicyException, .handshakeNotFoundException,
        .invalidInputException, .malformedPolicyDocumentException, .policyInUseException, .policyNotAttachedException,
        .policyNotFoundException, .policyTypeAlreadyEnabledException, .policyTypeNotAvailableForOrganizationException,
        .policyTypeNotEnabledException, .rootNotFoundException, .targetNotFoundException,
    ]
}
