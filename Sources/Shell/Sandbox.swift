import World

extension World {
    /// The sandbox: one account with a few people in it, built by the same commands a learner types.
    public static func sandbox() -> World {
        var w = World(accounts: [("111122223333", "sandbox")])
        let setup = [
            "aws iam create-group --group-name Developers",
            #"aws iam put-group-policy --group-name Developers --policy-name DeveloperAccess --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","lambda:*"],"Resource":"*"}]}'"#,
            "aws iam create-user --user-name dana",
            "aws iam add-user-to-group --group-name Developers --user-name dana",
            "aws iam create-access-key --user-name dana",
            "aws iam create-user --user-name ana",
            "aws iam attach-user-policy --user-name ana --policy-arn arn:aws:iam::aws:policy/IAMReadOnlyAccess",
            "aws iam create-access-key --user-name ana",
            "aws iam create-user --user-name omar",
            "aws iam create-access-key --user-name omar",
            "aws s3 mb s3://team-reports",
        ]
        for line in setup { _ = w.run(line) }
        w.trail.removeAll()
        return w
    }
}
