import Policy

/// AWS managed policies by their real names, ARNs and documents. The short ones are carried whole;
/// the long ones (ReadOnlyAccess, SecurityAudit, the DynamoDB and Athena policies) are abbreviated
/// to the services this world simulates, and say so (`abbreviated`), which `get-policy-version` shows.
public struct AWSManagedPolicy: Sendable, Hashable {
    public var name: String
    public var path: String
    public var description: String
    public var document: String
    public var abbreviated: Bool

    public var arn: String { "arn:aws:iam::aws:policy\(path)\(name)" }

    public static func named(_ arn: String) -> AWSManagedPolicy? {
        catalog.first { $0.arn == arn }
    }

    /// Every AWS managed policy compiled once, by ARN.
    static let compiled: [String: CompiledDocument] = Dictionary(
        uniqueKeysWithValues: catalog.map { ($0.arn, CompiledDocument($0.document, kind: .identity)) })

    public static let catalog: [AWSManagedPolicy] = [
        .init(
            name: "AdministratorAccess", path: "/", description: "Provides full access to AWS services and resources.",
            document: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#, abbreviated: false),
        .init(
            name: "PowerUserAccess", path: "/",
            description: "Provides full access to AWS services and resources, but does not allow management of Users and groups.",
            document:
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},{"Effect":"Allow","Action":["account:GetAccountInformation","account:GetPrimaryEmail","account:ListRegions","iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole","iam:ListRoles","organizations:DescribeOrganization"],"Resource":"*"}]}"#,
            abbreviated: false),
        .init(
            name: "ReadOnlyAccess", path: "/", description: "Provides read-only access to AWS services and resources.",
            document:
                #"{"Version":"2012-10-17","Statement":[{"Sid":"ReadOnlySimulatedServices","Effect":"Allow","Action":["cloudtrail:Describe*","cloudtrail:Get*","cloudtrail:List*","cloudtrail:LookupEvents","dynamodb:BatchGetItem","dynamodb:Describe*","dynamodb:GetItem","dynamodb:List*","dynamodb:Query","dynamodb:Scan","ec2:Describe*","ec2:Get*","iam:Generate*","iam:Get*","iam:List*","iam:Simulate*","lambda:Get*","lambda:List*","s3:Describe*","s3:Get*","s3:List*","sts:GetCallerIdentity"],"Resource":"*"}]}"#,
            abbreviated: true),
        .init(
            name: "AmazonS3FullAccess", path: "/", description: "Provides full access to all buckets via the AWS Management Console.",
            document: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}]}"#, abbreviated: false),
        .init(
            name: "AmazonS3ReadOnlyAccess", path: "/", description: "Provides read only access to all buckets via the AWS Management Console.",
            document:
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*","s3:Describe*","s3-object-lambda:Get*","s3-object-lambda:List*"],"Resource":"*"}]}"#,
            abbreviated: false),
        .init(
            name: "AmazonEC2FullAccess", path: "/", description: "Provides full access to Amazon EC2 via the AWS Management Console.",
            document:
                #"{"Version":"2012-10-17","Statement":[{"Action":"ec2:*","Effect":"Allow","Resource":"*"},{"Effect":"Allow","Action":"elasticloadbalancing:*","Resource":"*"},{"Effect":"Allow","Action":"cloudwatch:*","Resource":"*"},{"Effect":"Allow","Action":"autoscaling:*","Resource":"*"},{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"*","Condition":{"StringEquals":{"iam:AWSServiceName":["autoscaling.amazonaws.com","ec2scheduled.amazonaws.com","elasticloadbalancing.amazonaws.com","spot.amazonaws.com","spotfleet.amazonaws.com","transitgateway.amazonaws.com"]}}}]}"#,
            abbreviated: false),
        .init(
            name: "AmazonEC2ReadOnlyAccess", path: "/", description: "Provides read only access to Amazon EC2 via the AWS Management Console.",
            document:
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"},{"Effect":"Allow","Action":"elasticloadbalancing:Describe*","Resource":"*"},{"Effect":"Allow","Action":["cloudwatch:ListMetrics","cloudwatch:GetMetricStatistics","cloudwatch:Describe*"],"Resource":"*"},{"Effect":"Allow","Action":"autoscaling:Describe*","Resource":"*"}]}"#,
            abbreviated: false),
        .init(
            name: "AmazonDynamoDBFullAccess", path: "/", description: "Provides full access to Amazon DynamoDB via the AWS Management Console.",
            document:
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:*","dax:*","application-autoscaling:*","cloudwatch:*","kms:DescribeKey","kms:ListAliases","lambda:CreateFunction","lambda:ListFunctions","lambda:ListEventSourceMappings","lambda:CreateEventSourceMapping","lambda:DeleteEventSourceMapping","lambda:GetFunctionConfiguration","lambda:DeleteFunction"],"Resource":"*"}]}"#,
            abbreviated: true),
        .init(
            name: "AmazonDynamoDBReadOnlyAccess", path: "/", description: "Provides read only access to Amazon DynamoDB via the AWS Management Console.",
            document:
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:BatchGetItem","dynamodb:Describe*","dynamodb:List*","dynamodb:GetItem","dynamodb:Query","dynamodb:Scan","dynamodb:PartiQLSelect","cloudwatch:DescribeAlarms","cloudwatch:GetMetricData"],"Resource":"*"}]}"#,
            abbreviated: true),
        .init(
            name: "AWSLambdaBasicExecutionRole", path: "/service-role/", description: "Provides write permissions to CloudWatch Logs.",
            document:
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}"#,
            abbreviated: false),
        .init(
            name: "AWSCloudTrail_ReadOnlyAccess", path: "/", description: "Provides read only access to AWS CloudTrail.",
            document:
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudtrail:Get*","cloudtrail:Describe*","cloudtrail:List*","cloudtrail:LookupEvents"],"Resource":"*"}]}"#,
            abbreviated: true),
        .init(
            name: "AmazonAthenaFullAccess", path: "/", description: "Provides full access to Amazon Athena.",
            document:
                #"{"Version":"2012-10-17","Statement":[{"Sid":"BaseAthenaPermissions","Effect":"Allow","Action":["athena:*"],"Resource":["*"]},{"Sid":"BaseGluePermissions","Effect":"Allow","Action":["glue:GetDatabase","glue:GetDatabases","glue:GetTable","glue:GetTables","glue:GetPartition","glue:GetPartitions"],"Resource":["*"]},{"Sid":"BaseQueryResultsPermissions","Effect":"Allow","Action":["s3:GetBucketLocation","s3:GetObject","s3:ListBucket","s3:ListBucketMultipartUploads","s3:ListMultipartUploadParts","s3:AbortMultipartUpload","s3:CreateBucket","s3:PutObject"],"Resource":["arn:aws:s3:::aws-athena-query-results-*"]}]}"#,
            abbreviated: true),
        .init(
            name: "SecurityAudit", path: "/", description: "The security audit template grants access to read security configuration metadata.",
            document:
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudtrail:DescribeTrails","cloudtrail:GetEventSelectors","cloudtrail:GetTrailStatus","cloudtrail:ListTags","cloudtrail:LookupEvents","dynamodb:DescribeTable","dynamodb:ListTables","ec2:Describe*","iam:GenerateCredentialReport","iam:Get*","iam:List*","lambda:GetPolicy","lambda:ListFunctions","s3:GetBucketPolicy","s3:GetBucketAcl","s3:ListAllMyBuckets"],"Resource":"*"}]}"#,
            abbreviated: true),
        .init(
            name: "IAMUserChangePassword", path: "/", description: "Provides the ability for an IAM user to change their own password.",
            document:
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ChangePassword"],"Resource":["arn:aws:iam::*:user/${aws:username}"]},{"Effect":"Allow","Action":["iam:GetAccountPasswordPolicy"],"Resource":"*"}]}"#,
            abbreviated: false),
        .init(
            name: "IAMReadOnlyAccess", path: "/", description: "Provides read only access to IAM via the AWS Management Console.",
            document:
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GenerateCredentialReport","iam:GenerateServiceLastAccessedDetails","iam:Get*","iam:List*","iam:SimulateCustomPolicy","iam:SimulatePrincipalPolicy"],"Resource":"*"}]}"#,
            abbreviated: false),
    ]
}
