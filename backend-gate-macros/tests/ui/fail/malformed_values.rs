use backend_gate::endpoint;

#[endpoint(GET, "/a", public = true)]
async fn flag_with_value() {}

#[endpoint(GET, "/b", auth)]
async fn key_without_value() {}

#[endpoint(GET, "/c", public, tags = "users")]
async fn tags_not_a_list() {}

#[endpoint(GET, "/d", auth = "")]
async fn empty_role() {}

#[endpoint(GET)]
async fn missing_path() {}

#[endpoint]
async fn missing_everything() {}

fn main() {
    let _ = (flag_with_value, key_without_value, tags_not_a_list, empty_role, missing_path, missing_everything);
}
